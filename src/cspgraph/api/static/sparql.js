// The query page: run the query with fetch and show SELECT results as a table. Text is always set with
// textContent, never as HTML. Served locally; no third-party code.
(function () {
  "use strict";
  const form = document.getElementById("sparql-form");
  const box = document.getElementById("query");
  const out = document.getElementById("results");
  const fmt = document.getElementById("format");
  for (const a of document.querySelectorAll("a.example")) {
    a.addEventListener("click", function (ev) {
      ev.preventDefault();
      box.value = a.dataset.query;
      box.focus();
    });
  }
  function cell(term) {
    const td = document.createElement("td");
    if (!term) return td;
    if (term.type === "uri") {
      const a = document.createElement("a");
      a.href = term.value;
      a.textContent = term.value;
      td.appendChild(a);
    } else {
      td.textContent = term.value + (term["xml:lang"] ? " @" + term["xml:lang"] : "");
    }
    return td;
  }
  form.addEventListener("submit", async function (ev) {
    if (fmt.value !== "html") return; // let the browser show or download the raw format
    ev.preventDefault();
    out.textContent = "Running…";
    const body = new URLSearchParams({ query: box.value });
    let resp;
    try {
      resp = await fetch("/sparql", {
        method: "POST",
        headers: { Accept: "application/sparql-results+json, text/turtle;q=0.9" },
        body: body,
      });
    } catch (e) {
      out.textContent = "The request failed: " + e;
      return;
    }
    const text = await resp.text();
    out.textContent = "";
    if (!resp.ok) {
      const pre = document.createElement("pre");
      pre.className = "error";
      pre.textContent = resp.status + " " + text;
      out.appendChild(pre);
      return;
    }
    if (!(resp.headers.get("content-type") || "").startsWith("application/sparql-results+json")) {
      const pre = document.createElement("pre");
      pre.textContent = text;
      out.appendChild(pre);
      return;
    }
    const data = JSON.parse(text);
    if ("boolean" in data) {
      out.textContent = String(data.boolean);
      return;
    }
    const p = document.createElement("p");
    p.textContent = data.results.bindings.length + " results";
    out.appendChild(p);
    const table = document.createElement("table");
    table.className = "results";
    const head = table.createTHead().insertRow();
    for (const v of data.head.vars) {
      const th = document.createElement("th");
      th.textContent = v;
      head.appendChild(th);
    }
    const tbody = table.createTBody();
    for (const b of data.results.bindings) {
      const tr = tbody.insertRow();
      for (const v of data.head.vars) tr.appendChild(cell(b[v]));
    }
    out.appendChild(table);
  });
})();
