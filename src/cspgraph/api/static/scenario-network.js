/* cspgraph: a police area's network before and after a scenario, side by side, with the vendored vis-network.
 * The data comes from the JSON route named in the section's data-network attribute (same origin); every piece of
 * it reaches the DOM as text (textContent, canvas labels), never as HTML. A body or relation that differs is
 * marked in colour and in words (its label says "new", "ended", "changed"...), and listed in the page.
 */
(function () {
  "use strict";
  var section = document.querySelector("[data-network]");
  if (!section || typeof vis === "undefined") { return; }
  var MARK = { "new": "#15803d", joins: "#15803d", ended: "#b91c1c", leaves: "#b91c1c", changed: "#b45309" };

  function visNode(groups, n) {
    var g = groups[n.group] || groups.other;
    var mark = n.change ? MARK[n.change] : null;
    var v = {
      id: n.id, label: n.label, shape: g.shape, title: undefined,
      color: { background: n.proposed ? "#dcfce7" : g.colour, border: mark || "#1f2937",
               highlight: { background: g.colour, border: "#f59e0b" } },
      borderWidth: mark ? 5 : 1, size: n.group === "police-force-area" ? 22 : 14,
      font: { size: 14, color: "#111827", face: "system-ui, sans-serif" }
    };
    if (g.shape === "box" || g.shape === "ellipse") { v.font.color = n.group === "council" || n.proposed ? "#111827" : "#ffffff"; }
    if (n.change === "ended" || n.change === "leaves") { v.shapeProperties = { borderDashes: [6, 4] }; }
    if (n.x !== undefined) { v.x = n.x; v.y = n.y; }
    return v;
  }

  function visEdge(relations, e) {
    var r = relations[e.relation] || relations.structure;
    var mark = e.change ? MARK[e.change] : null;
    return {
      id: e.id, from: e.from, to: e.to, arrows: { to: { enabled: true, scaleFactor: 0.5 } },
      color: { color: mark || r.colour, highlight: "#f59e0b" }, dashes: e.change === "ended" ? [4, 4] : r.dashes,
      width: mark ? r.width + 2 : r.width, label: e.change ? e.changeText : (e.label || undefined),
      font: { size: 11, align: "middle" }
    };
  }

  function draw(view, containerId) {
    var groups = {}, relations = {};
    view.groups.forEach(function (g) { groups[g.key] = g; });
    view.relations.forEach(function (r) { relations[r.key] = r; });
    var nodes = new vis.DataSet(view.nodes.map(function (n) { return visNode(groups, n); }));
    var edges = new vis.DataSet(view.edges.map(function (e) { return visEdge(relations, e); }));
    var options = {
      physics: { enabled: false }, layout: { improvedLayout: false },
      interaction: { hover: true, keyboard: { enabled: true, bindToWindow: false } },
      edges: { smooth: { type: "continuous" } }
    };
    return { network: new vis.Network(document.getElementById(containerId), { nodes: nodes, edges: edges }, options),
             nodes: nodes, edges: edges };
  }

  var status = document.getElementById("network-status");
  fetch(section.getAttribute("data-network"), { headers: { Accept: "application/json" } })
    .then(function (r) {
      if (!r.ok) { return r.json().then(function (p) { throw new Error(p.detail || p.title || String(r.status)); }); }
      return r.json();
    })
    .then(function (data) {
      var before = draw(data.before, "net-before");
      var after = draw(data.after, "net-after");
      window.cspgraphScenario = { data: data, before: before, after: after };
      if (status) { status.textContent = ""; }
      window.cspgraphReady = performance.now();
      section.setAttribute("data-drawn", "yes");
    })
    .catch(function (err) {
      if (status) { status.textContent = "The networks could not be drawn: " + err.message; }
      window.cspgraphReady = -1;
      section.setAttribute("data-drawn", "failed");
    });
})();
