// The search box of every page: suggestions as you type from /api/search, as an ARIA combobox (arrow keys move,
// Enter opens, Escape closes). Every name is set as text, never as HTML. Served locally; no third-party code.
(function () {
  "use strict";
  function init() {
    document.querySelectorAll("input[data-suggest]").forEach(attach);
  }
  function attach(input) {
    const list = document.getElementById(input.getAttribute("aria-controls"));
    if (!list) return;
    const prefix = list.id + "-option-";
    let items = [];
    let active = -1;
    let pending = null;
    let timer = null;

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }
    function highlight(i) {
      const options = list.querySelectorAll("[role=option]");
      options.forEach(function (o, j) { o.setAttribute("aria-selected", j === i ? "true" : "false"); });
      active = i;
      if (i >= 0 && options[i]) {
        input.setAttribute("aria-activedescendant", options[i].id);
        options[i].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }
    function span(cls, text) {
      const s = document.createElement("span");
      s.className = cls;
      s.textContent = text;
      return s;
    }
    function show(results, query) {
      items = results;
      list.textContent = "";
      results.forEach(function (r, i) {
        const li = document.createElement("li");
        li.id = prefix + i;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        li.dataset.href = r.href;
        li.appendChild(span("s-name", r.name));
        li.appendChild(span("s-meta", [r.kind, r.area, r.code].filter(Boolean).join(" · ")));
        li.addEventListener("mousedown", function (ev) { ev.preventDefault(); location.href = r.href; });
        list.appendChild(li);
      });
      const all = document.createElement("li");
      all.id = prefix + "all";
      all.setAttribute("role", "option");
      all.setAttribute("aria-selected", "false");
      all.className = "s-all";
      all.dataset.href = "/search?q=" + encodeURIComponent(query);
      all.textContent = results.length ? "All results for \u201c" + query + "\u201d" : "Nothing matches \u201c" + query + "\u201d: search anyway";
      all.addEventListener("mousedown", function (ev) { ev.preventDefault(); location.href = all.dataset.href; });
      list.appendChild(all);
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      highlight(-1);
    }
    async function suggest() {
      const q = input.value.trim();
      if (q.length < 2) { close(); return; }
      if (pending) pending.abort();
      pending = new AbortController();
      try {
        const resp = await fetch("/api/search?limit=8&q=" + encodeURIComponent(q), { signal: pending.signal });
        if (!resp.ok) return;
        const data = await resp.json();
        if (input.value.trim() === q) show(data.results, q);
      } catch (e) {
        if (e.name !== "AbortError") close();
      }
    }
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(suggest, 120);
    });
    input.addEventListener("keydown", function (ev) {
      const n = list.querySelectorAll("[role=option]").length;
      if (ev.key === "ArrowDown") {
        ev.preventDefault();
        if (list.hidden) { suggest(); return; }
        highlight((active + 1) % n);
      } else if (ev.key === "ArrowUp") {
        ev.preventDefault();
        if (!list.hidden) highlight(active <= 0 ? n - 1 : active - 1);
      } else if (ev.key === "Enter" && !list.hidden && active >= 0) {
        ev.preventDefault();
        location.href = list.querySelectorAll("[role=option]")[active].dataset.href;
      } else if (ev.key === "Escape") {
        close();
      }
    });
    input.addEventListener("blur", function () { setTimeout(close, 150); });
    if (!window.cspgraphSearch) window.cspgraphSearch = { items: function () { return items; } };
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
