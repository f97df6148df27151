// The query page: a SPARQL editor (the vendored CodeMirror 5, when it has loaded; else the plain text area), run
// with fetch, SELECT results as a table whose links open this app's pages, and a link that reruns the query.
// Text is always set with textContent, never as HTML. Served locally; no third-party code.
(function () {
  "use strict";
  function init() {
    const form = document.getElementById("sparql-form");
    const box = document.getElementById("query");
    const out = document.getElementById("results");
    const fmt = document.getElementById("format");
    const share = document.getElementById("share");
    const prefixes = JSON.parse(document.getElementById("sparql-prefixes").textContent);
    const base = form.dataset.base || "";
    let editor = null;
    if (window.CodeMirror) {
      editor = window.CodeMirror.fromTextArea(box, {
        mode: "application/sparql-query", lineNumbers: true, matchBrackets: true, indentUnit: 2, lineWrapping: true,
        viewportMargin: Infinity, screenReaderLabel: "Query",
        extraKeys: { "Ctrl-Enter": function () { run(); }, "Cmd-Enter": function () { run(); } },
      });
    }
    function text() { return editor ? editor.getValue() : box.value; }
    function setText(t) { if (editor) editor.setValue(t); else box.value = t; }

    const byLength = Object.keys(prefixes).sort(function (a, b) { return prefixes[b].length - prefixes[a].length; });
    function curie(iri) {
      for (const p of byLength) {
        const ns = prefixes[p];
        if (iri.startsWith(ns) && iri.length > ns.length) return p + ":" + iri.slice(ns.length);
      }
      return iri;
    }
    function local(iri) { return base && iri.startsWith(base) ? "/doc/" + iri.slice(base.length) : iri; }
    function cell(term) {
      const td = document.createElement("td");
      if (!term) return td;
      if (term.type === "uri") {
        const a = document.createElement("a");
        a.href = local(term.value);
        a.title = term.value;
        a.textContent = curie(term.value);
        td.appendChild(a);
      } else {
        td.textContent = term.value;
        if (term["xml:lang"]) td.lang = term["xml:lang"];
      }
      return td;
    }
    function sharing(q) {
      const enc = encodeURIComponent(q);
      document.getElementById("share-link").href = "/sparql?query=" + enc;
      document.getElementById("download-csv").href = "/sparql?format=csv&query=" + enc;
      document.getElementById("download-json").href = "/sparql?format=json&query=" + enc;
      share.hidden = false;
      history.replaceState(null, "", "/sparql?query=" + enc);
    }
    function message(t, cls) {
      const pre = document.createElement("pre");
      if (cls) pre.className = cls;
      pre.textContent = t;
      out.appendChild(pre);
    }
    function table(data) {
      const p = document.createElement("p");
      p.className = "count";
      const n = data.results.bindings.length;
      p.textContent = n + (n === 1 ? " result" : " results");
      out.appendChild(p);
      const t = document.createElement("table");
      t.className = "results";
      const head = t.createTHead().insertRow();
      for (const v of data.head.vars) {
        const th = document.createElement("th");
        th.scope = "col";
        th.textContent = v;
        head.appendChild(th);
      }
      const body = t.createTBody();
      for (const b of data.results.bindings) {
        const tr = body.insertRow();
        for (const v of data.head.vars) tr.appendChild(cell(b[v]));
      }
      out.appendChild(t);
    }
    async function run() {
      const q = text();
      out.textContent = "Running…";
      let resp;
      try {
        resp = await fetch("/sparql", {
          method: "POST",
          headers: { Accept: "application/sparql-results+json, text/turtle;q=0.9" },
          body: new URLSearchParams({ query: q }),
        });
      } catch (e) {
        out.textContent = "";
        message("The request failed: " + e, "error");
        return;
      }
      const body = await resp.text();
      out.textContent = "";
      if (!resp.ok) {
        let detail = body;
        try { detail = JSON.parse(body).detail || body; } catch (e) { /* not JSON */ }
        message(resp.status + ": " + detail, "error");
        return;
      }
      sharing(q);
      if (!(resp.headers.get("content-type") || "").startsWith("application/sparql-results+json")) {
        message(body);
      } else {
        const data = JSON.parse(body);
        if ("boolean" in data) message(String(data.boolean));
        else table(data);
      }
      window.cspgraphSparql.runs += 1;
    }
    for (const a of document.querySelectorAll("a.example")) {
      a.addEventListener("click", function (ev) {
        ev.preventDefault();
        setText(a.dataset.query);
        fmt.value = "html";
        run();
      });
    }
    form.addEventListener("submit", function (ev) {
      if (editor) editor.save();
      if (fmt.value !== "html") return; // let the browser show or download the raw format
      ev.preventDefault();
      run();
    });
    window.cspgraphSparql = { runs: 0, text: text, run: run };
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
