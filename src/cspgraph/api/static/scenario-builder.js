/* cspgraph: build a reform scenario field by field (data/scenarios/README.md), bodies chosen by name through
 * /api/search. The JSON it builds is written into the page's JSON form (which works without this script) and can
 * be saved as a file; "Check" sends it to POST /api/scenario and shows the report. Every value from the server or
 * the user reaches the DOM as text (textContent), never as HTML.
 */
(function () {
  "use strict";
  var root = document.getElementById("builder");
  var textarea = document.getElementById("text");
  if (!root || !textarea || !window.fetch) { return; }

  // the fields of each operation: key, label, how it is filled (search kind, text or choice), many, optional
  var OPS = {
    "combine-csps": [
      { key: "csps", label: "CSPs to combine", kind: "csp", many: true },
      { key: "id", label: "Id of the combined CSP (csp/ and a short name)", text: "csp/" },
      { key: "label", label: "Name of the combined CSP", text: "" },
      { key: "areas", label: "Local government areas it serves", kind: "area", many: true },
      { key: "councils", label: "Councils that join it (optional)", kind: "party", many: true, optional: true }
    ],
    "transfer-role": [
      { key: "role", label: "Role", choice: ["local-policing-body"] },
      { key: "area", label: "Police force area", kind: "pfa" },
      { key: "to", label: "Body that takes the role (a body or the id of one this scenario creates)", kind: "body" }
    ],
    "end": [
      { key: "body", label: "Body that ends", kind: "body" },
      { key: "successor", label: "Successor taking its relations (optional)", kind: "body", optional: true }
    ],
    "merge": [
      { key: "bodies", label: "Bodies that merge", kind: "body", many: true },
      { key: "into", label: "Body they merge into", kind: "body" }
    ],
    "change-membership": [
      { key: "organisation", label: "Partnership or body whose members change", kind: "body" },
      { key: "add", label: "Members that join (optional)", kind: "party", many: true, optional: true },
      { key: "remove", label: "Members that leave (optional)", kind: "body", many: true, optional: true }
    ],
    "create": [
      { key: "id", label: "Id of the new body (kind/ and a short name)", text: "" },
      { key: "kind", label: "Kind", choice: ["mayor", "policing-and-crime-board", "unitary-council", "combined-authority"] },
      { key: "label", label: "Name", text: "" },
      { key: "authority", label: "A mayor's combined authority (optional)", kind: "body", optional: true },
      { key: "members", label: "Members (optional)", kind: "party", many: true, optional: true },
      { key: "area", label: "Police force area it covers (optional)", kind: "pfa", optional: true }
    ]
  };
  var changes = [];
  var fields = {};
  var serial = 0;

  function el(tag, text, attrs) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    return e;
  }
  function idOf(uri) {
    var i = uri.indexOf("/id/");
    return i >= 0 ? uri.slice(i + 4) : uri;
  }

  // ------------------------------------------------------------ a field whose value is a body found by name
  function searchInput(kind, input, list) {
    var found = {}, timer = null;
    function match() {
      var hit = found[input.value.trim()];
      if (hit) { input.dataset.value = hit; } else { delete input.dataset.value; }
    }
    input.addEventListener("input", function () {
      match();
      clearTimeout(timer);
      var q = input.value.trim();
      if (q.length < 2) { return; }
      timer = setTimeout(function () {
        fetch("/api/search?limit=10&kind=" + encodeURIComponent(kind) + "&q=" + encodeURIComponent(q))
          .then(function (r) { return r.ok ? r.json() : { results: [] }; })
          .then(function (data) {
            list.textContent = "";
            data.results.forEach(function (r) {
              found[r.name] = idOf(r.uri);
              var o = el("option", [r.kind, r.code, r.area].filter(Boolean).join(" · "));
              o.value = r.name;
              list.appendChild(o);
            });
            match();
          })
          .catch(function () { /* no suggestions: the typed text is used as it is */ });
      }, 150);
    });
  }
  function valueOf(input) { return input.dataset.value || input.value.trim(); }

  function field(spec) {
    var id = "b-" + spec.key + "-" + (++serial);
    var box = el("div", null, { "class": "b-field" });
    box.appendChild(el("label", spec.label, { "for": id }));
    var input;
    if (spec.choice) {
      input = el("select", null, { id: id });
      spec.choice.forEach(function (c) { input.appendChild(el("option", c, { value: c })); });
      box.appendChild(input);
      return { box: box, read: function () { return input.value; } };
    }
    input = el("input", null, { id: id, type: "text", autocomplete: "off" });
    if (spec.text !== undefined) {
      input.value = spec.text;
      box.appendChild(input);
      return { box: box, read: function () { return input.value.trim(); } };
    }
    var list = el("datalist", null, { id: id + "-list" });
    input.setAttribute("list", list.id);
    searchInput(spec.kind, input, list);
    box.appendChild(input);
    box.appendChild(list);
    if (!spec.many) { return { box: box, read: function () { return valueOf(input); } }; }
    var picked = [];
    var add = el("button", "Add", { type: "button", "aria-describedby": id });
    var ul = el("ul", null, { "class": "b-picked", "aria-label": "Chosen: " + spec.label });
    add.addEventListener("click", function () {
      var v = valueOf(input);
      if (!v) { return; }
      var item = { name: input.value.trim(), value: v };
      picked.push(item);
      var li = el("li", item.name + (item.name !== v ? " (" + v + ")" : "") + " ");
      var rm = el("button", "Remove", { type: "button", "aria-label": "Remove " + item.name });
      rm.addEventListener("click", function () { picked.splice(picked.indexOf(item), 1); li.remove(); });
      li.appendChild(rm);
      ul.appendChild(li);
      input.value = "";
      delete input.dataset.value;
      input.focus();
    });
    box.appendChild(add);
    box.appendChild(ul);
    return { box: box, read: function () { return picked.map(function (p) { return p.value; }); } };
  }

  // ------------------------------------------------------------ the change being written, the list, the JSON
  var opSelect = document.getElementById("b-op");
  var opFields = document.getElementById("b-op-fields");
  function showOp() {
    opFields.textContent = "";
    fields = {};
    OPS[opSelect.value].forEach(function (spec) {
      var f = field(spec);
      fields[spec.key] = { spec: spec, read: f.read };
      opFields.appendChild(f.box);
    });
  }
  opSelect.addEventListener("change", showOp);

  var message = document.getElementById("b-message");
  function addChange() {
    var change = { op: opSelect.value }, missing = [];
    Object.keys(fields).forEach(function (k) {
      var v = fields[k].read();
      var empty = Array.isArray(v) ? v.length === 0 : !v;
      if (empty) { if (!fields[k].spec.optional) { missing.push(fields[k].spec.label); } return; }
      change[k] = v;
    });
    var note = document.getElementById("b-note").value.trim();
    if (note) { change.note = note; }
    if (missing.length) { message.textContent = "Fill in: " + missing.join("; ") + "."; return; }
    message.textContent = "Added: " + summary(change) + ".";
    changes.push(change);
    document.getElementById("b-note").value = "";
    showOp();
    render();
  }
  function summary(c) {
    return c.op + ": " + Object.keys(c).filter(function (k) { return k !== "op"; }).map(function (k) {
      return k + " " + (Array.isArray(c[k]) ? c[k].join(", ") : c[k]);
    }).join("; ");
  }
  document.getElementById("b-add").addEventListener("click", addChange);

  function scenario() {
    var s = { format: "cspgraph-scenario/1" };
    ["name", "title", "date", "status", "source", "description"].forEach(function (k) {
      var v = document.getElementById("b-" + k).value.trim();
      if (v) { s[k] = v; }
    });
    s.changes = changes.slice();
    return s;
  }
  var ol = document.getElementById("b-changes");
  var download = document.getElementById("b-download");
  function render() {
    ol.textContent = "";
    changes.forEach(function (c, i) {
      var li = el("li", summary(c) + " ");
      var rm = el("button", "Remove", { type: "button", "aria-label": "Remove change " + (i + 1) });
      rm.addEventListener("click", function () { changes.splice(i, 1); render(); });
      li.appendChild(rm);
      ol.appendChild(li);
    });
    var s = scenario();
    textarea.value = JSON.stringify(s, null, 1);
    if (download.href) { URL.revokeObjectURL(download.href); }
    download.href = URL.createObjectURL(new Blob([textarea.value + "\n"], { type: "application/json" }));
    download.setAttribute("download", (s.name || "scenario") + ".json");
    download.hidden = false;
  }
  ["name", "title", "date", "status", "source", "description"].forEach(function (k) {
    document.getElementById("b-" + k).addEventListener("input", render);
  });

  // ------------------------------------------------------------ the check and its report
  var out = document.getElementById("b-report");
  function table(caption, head, rows) {
    var t = el("table");
    t.appendChild(el("caption", caption));
    var tr = el("tr");
    head.forEach(function (h) { tr.appendChild(el("th", h, { scope: "col" })); });
    t.appendChild(el("thead")).appendChild(tr);
    var body = t.appendChild(el("tbody"));
    rows.forEach(function (r) {
      var row = el("tr");
      r.forEach(function (v) { row.appendChild(el("td", v)); });
      body.appendChild(row);
    });
    return t;
  }
  function show(report) {
    out.textContent = "";
    out.appendChild(el("h3", report.allowed ? "Nothing in the scenario itself must change" : "The scenario must change"));
    out.appendChild(el("p", report.law_must_be_amended.length + " relation(s) would need the law amended."));
    out.appendChild(table("Police areas", ["Police area", "Verdict", "Local policing body before", "After"],
      report.areas.map(function (a) { return [a.name, a.verdict, a.before.join(", "), a.after.join(", ")]; })));
    out.appendChild(table("Community safety partnerships", ["CSP", "Status", "Verdict"],
      report.csps.map(function (c) { return [c.name, c.status, c.verdict]; })));
    out.appendChild(el("h4", "What the proposal must change (" + report.proposal_must_change.length + ")"));
    var ul = out.appendChild(el("ul"));
    report.proposal_must_change.forEach(function (i) {
      ul.appendChild(el("li", i.focus_name + ": " + i.message + (i.provision ? " (" + i.provision + ")" : "")));
    });
    out.appendChild(el("h4", "Who must act or sign (" + report.must_act.length + ")"));
    var acts = out.appendChild(el("ul"));
    report.must_act.forEach(function (m) { acts.appendChild(el("li", m.name + ": " + m.why)); });
  }
  document.getElementById("b-check").addEventListener("click", function () {
    render();
    out.textContent = "Checking…";
    fetch("/api/scenario", { method: "POST", headers: { "Content-Type": "application/json", Accept: "application/json" },
                             body: textarea.value })
      .then(function (r) {
        return r.json().then(function (body) {
          if (!r.ok) { throw new Error(body.detail || body.title || String(r.status)); }
          return body;
        });
      })
      .then(show)
      .catch(function (err) {
        out.textContent = "";
        out.appendChild(el("h3", "Cannot check this"));
        out.appendChild(el("p", err.message));
      });
  });

  showOp();  // the JSON form keeps what it holds until the builder is used
  root.hidden = false;
})();
