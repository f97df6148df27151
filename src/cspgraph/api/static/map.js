// The map page: zoom (wheel, buttons) and pan (drag) by changing the SVG viewBox. The map is readable and
// clickable without this script. Served locally; no third-party code.
(function () {
  "use strict";
  function init() {
    const svg = document.getElementById("map");
    if (!svg) return;
    const tools = document.querySelector(".map-tools");
    const full = svg.dataset.full.split(" ").map(Number);
    let box = svg.getAttribute("viewBox").split(" ").map(Number);
    function set(b) {
      const w = Math.min(Math.max(b[2], 60), full[2] * 1.5);
      const h = w * (box[3] / box[2]);
      const cx = b[0] + b[2] / 2, cy = b[1] + b[3] / 2;
      box = [cx - w / 2, cy - h / 2, w, h];
      svg.setAttribute("viewBox", box.map(function (v) { return v.toFixed(1); }).join(" "));
    }
    function zoom(f, cx, cy) {
      const x = cx === undefined ? box[0] + box[2] / 2 : cx;
      const y = cy === undefined ? box[1] + box[3] / 2 : cy;
      const w = box[2] * f, h = box[3] * f;
      set([x - (x - box[0]) * f, y - (y - box[1]) * f, w, h]);
    }
    function toMap(ev) {
      const r = svg.getBoundingClientRect();
      const s = Math.max(box[2] / r.width, box[3] / r.height);
      const ox = (r.width - box[2] / s) / 2, oy = (r.height - box[3] / s) / 2;
      return [box[0] + (ev.clientX - r.left - ox) * s, box[1] + (ev.clientY - r.top - oy) * s, s];
    }
    svg.addEventListener("wheel", function (ev) {
      ev.preventDefault();
      const p = toMap(ev);
      zoom(ev.deltaY > 0 ? 1.25 : 0.8, p[0], p[1]);
    }, { passive: false });
    let drag = null;
    svg.addEventListener("pointerdown", function (ev) { drag = { x: ev.clientX, y: ev.clientY, moved: false }; });
    svg.addEventListener("pointermove", function (ev) {
      if (!drag) return;
      const dx = ev.clientX - drag.x, dy = ev.clientY - drag.y;
      if (!drag.moved && Math.abs(dx) + Math.abs(dy) < 5) return;
      drag.moved = true;
      const s = toMap(ev)[2];
      set([box[0] - dx * s, box[1] - dy * s, box[2], box[3]]);
      drag.x = ev.clientX;
      drag.y = ev.clientY;
    });
    svg.addEventListener("pointerup", function () { setTimeout(function () { drag = null; }, 0); });
    svg.addEventListener("click", function (ev) { if (drag && drag.moved) ev.preventDefault(); }, true);
    document.getElementById("map-zoom-in").addEventListener("click", function () { zoom(0.7); });
    document.getElementById("map-zoom-out").addEventListener("click", function () { zoom(1.4); });
    document.getElementById("map-reset").addEventListener("click", function () { set(full.slice()); });
    tools.hidden = false;
    window.cspgraphMap = { ready: performance.now(), box: function () { return box.slice(); } };
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
