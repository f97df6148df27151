/* cspgraph interactive network: renders the graph JSON embedded in the page with the vendored vis-network.
 * Every piece of data reaches the DOM as text (textContent, canvas labels); nothing from the data is parsed as HTML.
 */
(function () {
  "use strict";
  var marks = { start: performance.now() };
  var data = JSON.parse(document.getElementById("cspgraph-data").textContent);
  var appLinks = document.body.getAttribute("data-links") === "app";
  var groups = {};
  data.groups.forEach(function (g) { groups[g.key] = g; });
  var relations = {};
  data.relations.forEach(function (r) { relations[r.key] = r; });
  var areaNames = {};
  data.areas.forEach(function (a) { areaNames[a.code] = a.label; });
  var byId = {};
  data.nodes.forEach(function (n) { byId[n.id] = n; });
  var big = data.nodes.length > 300;

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    if (cls) { e.className = cls; }
    return e;
  }

  function nodeTooltip(n) {
    var box = el("div", null, "tip");
    box.appendChild(el("strong", n.label));
    box.appendChild(el("div", n.typeLabel, "tip-type"));
    if (n.code) { box.appendChild(el("div", "Code: " + n.code, "tip-code")); }
    if (n.joins) { box.appendChild(el("div", "Would join the merged partnership", "tip-flag")); }
    return box;
  }

  function edgeTooltip(e) {
    var box = el("div", null, "tip");
    var from = byId[e.from], to = byId[e.to];
    box.appendChild(el("strong", (from ? from.label : e.from)));
    box.appendChild(el("div", e.wording || (relations[e.relation] || {}).label));
    box.appendChild(el("strong", (to ? to.label : e.to)));
    if (e.relation === "funding") {
      if (e.fund) { box.appendChild(el("div", "Fund: " + e.fund)); }
      if (e.year) { box.appendChild(el("div", "Year: " + e.year)); }
      box.appendChild(el("div", e.amount === null || e.amount === undefined ? "Amount: not published in the data"
        : "Amount: £" + Number(e.amount).toLocaleString("en-GB")));
    }
    return box;
  }

  function visNode(n) {
    var g = groups[n.group] || groups.other;
    var v = {
      id: n.id, label: n.label, shape: g.shape, area: n.area, group_: n.group,
      color: { background: g.colour, border: n.highlight ? "#facc15" : "#1f2937",
               highlight: { background: g.colour, border: "#f59e0b" } },
      borderWidth: n.highlight ? 5 : 1, size: n.group === "police-force-area" ? 22 : (n.focus ? 24 : 14),
      font: { size: big ? 12 : 14, color: "#111827" }
    };
    if (g.shape === "box" || g.shape === "ellipse") { v.font.color = n.group === "council" ? "#111827" : "#ffffff"; }
    if (n.proposed) { v.shapeProperties = { borderDashes: [6, 4] }; v.color.background = "#fee2e2"; v.font.color = "#111827"; }
    if (n.x !== undefined) { v.x = n.x; v.y = n.y; }
    return v;
  }

  function visEdge(e) {
    var r = relations[e.relation] || relations.structure;
    return {
      id: e.id, from: e.from, to: e.to, relation: e.relation,
      arrows: { to: { enabled: true, scaleFactor: 0.5 } },
      color: { color: e.highlight ? "#f59e0b" : r.colour, highlight: "#f59e0b" },
      dashes: r.dashes, width: e.highlight ? r.width + 1.5 : r.width,
      label: e.label || undefined, font: { size: 11, align: "middle" }
    };
  }

  marks.parsed = performance.now();
  var nodes = new vis.DataSet(data.nodes.map(visNode));
  var edges = new vis.DataSet(data.edges.map(visEdge));
  marks.datasets = performance.now();
  var container = document.getElementById("network");
  var options = {
    physics: { enabled: false },
    layout: { improvedLayout: false },
    interaction: { hover: true, tooltipDelay: 120, hideEdgesOnDrag: big, hideEdgesOnZoom: big, navigationButtons: false,
                   keyboard: { enabled: true, bindToWindow: false } },
    edges: { smooth: big ? false : { type: "continuous" } },
    // labels only where they can be read: below 9 px on screen a label is not drawn (the country view opens with
    // the police areas' group labels, which are larger, and shows bodies' names as one zooms in)
    nodes: { font: { face: "system-ui, sans-serif" }, scaling: { label: { drawThreshold: big ? 9 : 5 } } }
  };
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, options);
  marks.network = performance.now();
  function isCluster(id) { return network.body.nodes[id] !== undefined && network.isCluster(id); }

  // ---------------------------------------------------------------- aggregation by police area
  var clusterIds = {};
  function collapseAll() {
    if (!data.aggregate) { return; }
    var counts = {};
    data.nodes.forEach(function (n) { if (n.area) { counts[n.area] = (counts[n.area] || 0) + 1; } });
    var codes = Object.keys(counts).sort();
    codes.forEach(function (code, i) {
      var cid = "area:" + code;
      if (isCluster(cid)) { return; }
      network.cluster({
        joinCondition: function (opts) { return opts.area === code; },
        clusterNodeProperties: {
          id: cid, label: (areaNames[code] || code) + " (" + counts[code] + ")", shape: "box", area: null,
          color: { background: "#e5e7eb", border: "#374151" }, font: { size: big ? 32 : 16, color: "#111827" },
          borderWidth: 2
        }
      }, i === codes.length - 1);
      clusterIds[cid] = code;
    });
  }
  function expand(cid) {
    if (!isCluster(cid)) { return; }
    var centre = network.getPosition(cid);
    var members = network.getNodesInCluster(cid);
    network.openCluster(cid);
    spread(members, centre);
  }
  function spread(ids, centre) {
    // an opened area's bodies on a sunflower spiral around where its group stood, far enough apart for their
    // labels to be read when the view zooms to one of them
    var golden = Math.PI * (3 - Math.sqrt(5));
    nodes.update(ids.map(function (id, i) {
      var r = 70 * Math.sqrt(i + 0.5), a = i * golden;
      return { id: id, x: centre.x + r * Math.cos(a), y: centre.y + r * Math.sin(a) };
    }));
  }
  function expandAll() {
    Object.keys(clusterIds).forEach(expand);
  }
  function reveal(id) {
    // open the clusters that hide a node, outermost first
    var path = network.findNode(id);
    for (var i = 0; i < path.length - 1; i++) { expand(path[i]); }
  }

  // ---------------------------------------------------------------- details, legend, filters
  var details = document.getElementById("details");
  function showDetails(id) {
    var n = byId[id];
    details.textContent = "";
    details.appendChild(el("h2", "Details"));
    if (!n) {
      if (clusterIds[id]) {
        details.appendChild(el("p", (areaNames[clusterIds[id]] || clusterIds[id]) + ": double-click to expand."));
      }
      return;
    }
    details.appendChild(el("h3", n.label));
    var dl = el("dl");
    function row(k, v) { if (v) { dl.appendChild(el("dt", k)); dl.appendChild(el("dd", v)); } }
    row("Type", n.typeLabel);
    row("Code", n.code);
    row("Police area", n.area ? (areaNames[n.area] || n.area) : "");
    if (n.labels && n.labels.length > 1) { row("Also known as", n.labels.slice(1).join("; ")); }
    if (n.joins) { row("Merger", "would join the merged partnership"); }
    details.appendChild(dl);
    var links = el("p", null, "links");
    if (n.uri) {
      var a = el("a", "Linked-data page");
      a.href = appLinks ? n.path : n.uri;
      a.id = "node-link";
      links.appendChild(a);
      if (appLinks) {
        links.appendChild(document.createTextNode(" · "));
        var c = el("a", "Accountability chain");
        c.href = "/network?body=" + encodeURIComponent(n.path.replace(/^\/id\//, ""));
        links.appendChild(c);
        if (n.area) {
          links.appendChild(document.createTextNode(" · "));
          var ar = el("a", "Its police area");
          ar.href = "/network?area=" + encodeURIComponent(n.area);
          links.appendChild(ar);
        }
      }
    }
    details.appendChild(links);
  }

  var hiddenGroups = {}, hiddenRelations = {};
  function applyFilters() {
    nodes.update(data.nodes.map(function (n) { return { id: n.id, hidden: !!hiddenGroups[n.group] }; }));
    edges.update(data.edges.map(function (e) { return { id: e.id, hidden: !!hiddenRelations[e.relation] }; }));
    updateStats();
  }
  function legendItem(list, key, label, swatch, hidden, onToggle) {
    var li = el("li");
    var lab = el("label");
    var cb = el("input");
    cb.type = "checkbox";
    cb.checked = true;
    cb.value = key;
    cb.addEventListener("change", function () { hidden[key] = !cb.checked; onToggle(); });
    lab.appendChild(cb);
    lab.appendChild(swatch);
    lab.appendChild(el("span", label));
    li.appendChild(lab);
    list.appendChild(li);
  }
  var present = {}, presentRel = {};
  data.nodes.forEach(function (n) { present[n.group] = (present[n.group] || 0) + 1; });
  data.edges.forEach(function (e) { presentRel[e.relation] = (presentRel[e.relation] || 0) + 1; });
  var lg = document.getElementById("legend-groups");
  data.groups.forEach(function (g) {
    if (!present[g.key]) { return; }
    var sw = el("span", null, "swatch shape-" + g.shape);
    sw.style.background = g.colour;
    legendItem(lg, g.key, g.label + " (" + present[g.key] + ")", sw, hiddenGroups, applyFilters);
  });
  var lr = document.getElementById("legend-relations");
  data.relations.forEach(function (r) {
    if (!presentRel[r.key]) { return; }
    var sw = el("span", null, "line" + (r.dashes ? " dashed" : ""));
    sw.style.borderTopColor = r.colour;
    sw.style.borderTopWidth = Math.max(1, Math.round(r.width)) + "px";
    legendItem(lr, r.key, r.label + " (" + presentRel[r.key] + ")", sw, hiddenRelations, applyFilters);
  });

  function updateStats() {
    var s = document.getElementById("stats");
    s.textContent = "";
    s.appendChild(el("p", data.nodes.length + " bodies, " + data.edges.length + " relations" +
      (data.aggregate ? "; grouped by police area" : "")));
  }

  // area selector: the app reloads the area view; a standalone file filters the nodes it has
  var sel = document.getElementById("area-select");
  data.areas.forEach(function (a) {
    var o = el("option", a.label);
    o.value = a.code;
    if (data.area === a.code) { o.selected = true; }
    sel.appendChild(o);
  });
  sel.addEventListener("change", function () {
    if (appLinks) {
      window.location.search = sel.value ? "?area=" + encodeURIComponent(sel.value) : "";
      return;
    }
    var code = sel.value;
    if (code) { expandAll(); }
    nodes.update(data.nodes.map(function (n) {
      return { id: n.id, hidden: !!hiddenGroups[n.group] || (code !== "" && n.area !== code) };
    }));
    network.fit();
  });

  // search by any label or code
  var search = document.getElementById("search");
  function find(q) {
    q = q.trim().toLowerCase();
    if (!q) { return []; }
    return data.nodes.filter(function (n) {
      if (n.code && n.code.toLowerCase() === q) { return true; }
      return (n.labels || [n.label]).some(function (l) { return l.toLowerCase().indexOf(q) >= 0; });
    });
  }
  function focusNode(id) {
    reveal(id);
    network.selectNodes([id]);
    network.focus(id, { scale: big ? 0.9 : 1.1, animation: false });
    showDetails(id);
  }
  search.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter") {
      ev.preventDefault();
      var hits = find(search.value);
      if (hits.length) { focusNode(hits[0].id); }
    }
  });
  search.addEventListener("input", function () {
    var hits = find(search.value).slice(0, 12);
    details.textContent = "";
    details.appendChild(el("h2", "Search"));
    if (!search.value.trim()) { return; }
    if (!hits.length) { details.appendChild(el("p", "No body matches.")); return; }
    var ul = el("ul", null, "hits");
    hits.forEach(function (n) {
      var b = el("button", n.label + (n.code ? " (" + n.code + ")" : ""));
      b.type = "button";
      b.addEventListener("click", function () { focusNode(n.id); });
      var li = el("li");
      li.appendChild(b);
      ul.appendChild(li);
    });
    details.appendChild(ul);
  });
  document.getElementById("controls").addEventListener("submit", function (ev) { ev.preventDefault(); });

  // ---------------------------------------------------------------- hover tooltips, built on demand as text
  var edgeById = {};
  data.edges.forEach(function (e) { edgeById[e.id] = e; });
  var tip = el("div", null, "hover-tip");
  tip.id = "hover-tip";
  tip.hidden = true;
  container.appendChild(tip);
  function showTip(content, pointer) {
    tip.textContent = "";
    tip.appendChild(content);
    tip.style.left = (pointer.DOM.x + 14) + "px";
    tip.style.top = (pointer.DOM.y + 14) + "px";
    tip.hidden = false;
  }
  function hideTip() { tip.hidden = true; }
  network.on("hoverNode", function (p) {
    var n = byId[p.node];
    if (n) { showTip(nodeTooltip(n), p.pointer); return; }
    if (clusterIds[p.node]) {
      var code = clusterIds[p.node], t = el("div", null, "tip");
      t.appendChild(el("strong", areaNames[code] || code));
      t.appendChild(el("div", "Police force area; double-click to expand"));
      showTip(t, p.pointer);
    }
  });
  network.on("hoverEdge", function (p) { var e = edgeById[p.edge]; if (e) { showTip(edgeTooltip(e), p.pointer); } });
  ["blurNode", "blurEdge", "dragStart", "zoom"].forEach(function (ev) { network.on(ev, hideTip); });

  // ---------------------------------------------------------------- events
  network.on("click", function (p) { if (p.nodes.length) { showDetails(p.nodes[0]); } });
  network.on("doubleClick", function (p) {
    if (!p.nodes.length) { return; }
    var id = p.nodes[0];
    if (isCluster(id)) { expand(id); return; }
    var n = byId[id];
    if (n && n.uri) { window.location.href = appLinks ? n.path : n.uri; }
  });
  document.getElementById("expand-all").addEventListener("click", expandAll);
  document.getElementById("collapse-all").addEventListener("click", collapseAll);
  document.getElementById("fit").addEventListener("click", function () { network.fit(); });
  if (!data.aggregate) {
    document.getElementById("expand-all").hidden = true;
    document.getElementById("collapse-all").hidden = true;
  }

  network.once("afterDrawing", function () {
    marks.drawn = performance.now();
    window.cspgraphTimings = marks;
    window.cspgraphReady = marks.drawn;
    document.body.setAttribute("data-ready", "1");
  });
  collapseAll();
  marks.clustered = performance.now();
  updateStats();
  // the country view opens on its police areas (a few outlying national bodies would otherwise shrink them)
  var areaGroups = Object.keys(clusterIds).filter(isCluster);
  network.fit(areaGroups.length ? { nodes: areaGroups, animation: false } : undefined);
  window.cspgraph = { network: network, nodes: nodes, edges: edges, data: data, find: find, focus: focusNode,
                      expandAll: expandAll, collapseAll: collapseAll };
})();
