// The timeline's axis: every dated item of the list below as a mark on a zoomable time axis.
// Data comes from the list's data attributes; the SVG is built with DOM calls only (no markup from data).
"use strict";
(function () {
  const root = document.getElementById("axis");
  const canvas = document.getElementById("axis-canvas");
  if (!root || !canvas) return;

  const DAY = 86400000, YEAR = 365.2425 * DAY;
  const SVG = "http://www.w3.org/2000/svg";
  const PAD = 16, LANE = 16, MAX_LANES = 12, AXIS_H = 26, DOT = 10, MIN_SPAN = 14 * DAY;
  const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

  const items = Array.from(document.querySelectorAll(".items li[data-start]")).map((li) => ({
    id: li.dataset.id,
    start: Date.parse(li.dataset.start),
    end: Date.parse(li.dataset.end) + DAY, // the last day counts whole
    tone: li.dataset.tone,
    label: li.dataset.label,
    li: li,
  })).filter((it) => !Number.isNaN(it.start) && !Number.isNaN(it.end));
  if (!items.length) return;

  const lo = Math.min(...items.map((i) => i.start)), hi = Math.max(...items.map((i) => i.end));
  const full = () => {
    const pad = Math.max((hi - lo) * 0.03, 15 * DAY);
    return [lo - pad, hi + pad];
  };
  let view = full();
  let selected = null;

  function el(name, attrs, parent) {
    const node = document.createElementNS(SVG, name);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
    if (parent) parent.appendChild(node);
    return node;
  }

  function utc(y, m, d) { return Date.UTC(y, m, d === undefined ? 1 : d); }

  // Tick steps from days to centuries; the finest one that leaves room for its labels is used.
  const STEPS = [
    { unit: "day", n: 1 }, { unit: "day", n: 7 }, { unit: "month", n: 1 }, { unit: "month", n: 3 },
    { unit: "month", n: 6 }, { unit: "year", n: 1 }, { unit: "year", n: 2 }, { unit: "year", n: 5 },
    { unit: "year", n: 10 }, { unit: "year", n: 20 }, { unit: "year", n: 50 }, { unit: "year", n: 100 },
  ];
  const approx = (s) => s.n * (s.unit === "day" ? DAY : s.unit === "month" ? YEAR / 12 : YEAR);

  function ticks(v0, v1, width) {
    const step = STEPS.find((s) => (v1 - v0) / approx(s) <= width / 80) || STEPS[STEPS.length - 1];
    const out = [];
    const d = new Date(v0);
    let t;
    if (step.unit === "year") {
      const y0 = Math.floor(d.getUTCFullYear() / step.n) * step.n;
      for (let y = y0; (t = utc(y, 0)) <= v1; y += step.n) out.push([t, String(y)]);
    } else if (step.unit === "month") {
      let y = d.getUTCFullYear(), m = Math.floor(d.getUTCMonth() / step.n) * step.n;
      while ((t = utc(y, m)) <= v1) {
        out.push([t, m === 0 ? String(y) : MONTHS[m] + (step.n === 1 && (v1 - v0) < YEAR ? " " + y : "")]);
        m += step.n;
        if (m >= 12) { m -= 12; y += 1; }
      }
    } else {
      t = utc(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
      for (; t <= v1; t += step.n * DAY) {
        const x = new Date(t);
        out.push([t, x.getUTCDate() + " " + MONTHS[x.getUTCMonth()] + (x.getUTCDate() === 1 || out.length === 0 ? " " + x.getUTCFullYear() : "")]);
      }
    }
    return out.filter(([tt]) => tt >= v0);
  }

  function fmt(t) {
    const d = new Date(t);
    return d.getUTCDate() + " " + MONTHS[d.getUTCMonth()] + " " + d.getUTCFullYear();
  }

  function render() {
    const width = Math.max(canvas.clientWidth, 320);
    const [v0, v1] = view;
    const x = (t) => PAD + ((t - v0) / (v1 - v0)) * (width - 2 * PAD);

    // Lay the visible marks out in lanes so that none hides another.
    const lanes = [];
    const placed = [];
    for (const it of items.slice().sort((a, b) => a.start - b.start || b.end - a.end)) {
      if (it.end < v0 || it.start > v1) continue;
      let x0 = x(it.start), x1 = x(it.end);
      const dot = x1 - x0 < DOT;
      if (dot) { const c = (x0 + x1) / 2; x0 = c - DOT / 2; x1 = c + DOT / 2; }
      let lane = lanes.findIndex((end) => end + 3 <= x0);
      if (lane < 0) {
        if (lanes.length < MAX_LANES) lane = lanes.push(-Infinity) - 1;
        else lane = lanes.indexOf(Math.min(...lanes));
      }
      lanes[lane] = Math.max(lanes[lane], x1);
      placed.push({ it, x0, x1, dot, lane });
    }
    const height = 10 + Math.max(lanes.length, 1) * LANE + AXIS_H;

    const svg = el("svg", { width, height, role: "group", "aria-label": "Events on a time axis" });
    const grid = el("g", { class: "grid" }, svg);
    for (const [t, label] of ticks(v0, v1, width)) {
      const tx = x(t);
      el("line", { x1: tx, x2: tx, y1: 4, y2: height - AXIS_H + 4 }, grid);
      const text = el("text", { x: tx + 3, y: height - 8 }, grid);
      text.textContent = label;
    }
    el("line", { class: "baseline", x1: 0, x2: width, y1: height - AXIS_H + 4, y2: height - AXIS_H + 4 }, svg);

    const marks = el("g", { class: "marks" }, svg);
    for (const p of placed) {
      const cy = 10 + p.lane * LANE + LANE / 2 - 2;
      const g = el("g", {
        class: "mark t-" + p.it.tone + (selected === p.it ? " selected" : ""), tabindex: 0, role: "button",
        "data-id": p.it.id, "aria-label": p.it.label,
      }, marks);
      if (p.dot) el("circle", { cx: (p.x0 + p.x1) / 2, cy, r: DOT / 2 - 1 }, g);
      else {
        const x0 = Math.max(p.x0, -10), x1 = Math.min(p.x1, width + 10);
        el("rect", { x: x0, y: cy - 5, width: Math.max(x1 - x0, 2), height: 10, rx: 5 }, g);
      }
      const title = el("title", {}, g);
      title.textContent = p.it.label;
      g.addEventListener("click", () => select(p.it));
      g.addEventListener("keydown", (e) => {
        if (e.key === "Enter" || e.key === " ") { e.preventDefault(); select(p.it); }
      });
    }
    canvas.replaceChildren(svg);
    document.getElementById("axis-range").textContent = fmt(v0) + " – " + fmt(v1 - 1);
  }

  function clamp(v0, v1) {
    const [f0, f1] = full();
    let span = Math.min(Math.max(v1 - v0, MIN_SPAN), (f1 - f0) * 1.5);
    let a = (v0 + v1) / 2 - span / 2;
    a = Math.min(Math.max(a, f0 - span / 2), f1 - span / 2);
    return [a, a + span];
  }

  function zoom(factor, at) {
    const [v0, v1] = view;
    const c = at === undefined ? (v0 + v1) / 2 : at;
    view = clamp(c - (c - v0) * factor, c + (v1 - c) * factor);
    render();
  }

  function period(kind) {
    if (!selected) return;
    // The calendar period the selected item starts in, exactly (not clamped to the data, as panning is).
    const d = new Date(selected.start), y = d.getUTCFullYear(), m = d.getUTCMonth(), y10 = Math.floor(y / 10) * 10;
    if (kind === "decade") view = [utc(y10, 0), utc(y10 + 10, 0)];
    else if (kind === "year") view = [utc(y, 0), utc(y + 1, 0)];
    else view = [utc(y, m), utc(y, m + 1)];
    render();
  }

  function select(it) {
    if (selected) selected.li.classList.remove("selected");
    selected = it;
    it.li.classList.add("selected");
    const panel = document.getElementById("selected");
    panel.replaceChildren(...Array.from(it.li.childNodes).map((n) => n.cloneNode(true)));
    panel.hidden = false;
    root.querySelectorAll("[data-zoom=decade],[data-zoom=year],[data-zoom=month]").forEach((b) => { b.disabled = false; });
    history.replaceState(null, "", "#item-" + it.id);
    render();
  }

  root.querySelectorAll("[data-zoom]").forEach((b) => b.addEventListener("click", () => {
    const kind = b.dataset.zoom;
    if (kind === "all") { view = full(); render(); }
    else if (kind === "in") zoom(0.5);
    else if (kind === "out") zoom(2);
    else period(kind);
  }));

  const timeAt = (clientX) => {
    const r = canvas.getBoundingClientRect();
    const f = (clientX - r.left - PAD) / (r.width - 2 * PAD);
    return view[0] + f * (view[1] - view[0]);
  };
  canvas.addEventListener("wheel", (e) => {
    e.preventDefault();
    zoom(Math.exp(Math.max(-1, Math.min(1, e.deltaY / 300))), timeAt(e.clientX));
  }, { passive: false });

  let drag = null;
  canvas.addEventListener("pointerdown", (e) => {
    if (e.target.closest && e.target.closest(".mark")) return;
    drag = { x: e.clientX, view: view.slice() };
    canvas.setPointerCapture(e.pointerId);
  });
  canvas.addEventListener("pointermove", (e) => {
    if (!drag) return;
    const perPx = (drag.view[1] - drag.view[0]) / Math.max(canvas.clientWidth - 2 * PAD, 1);
    const dt = (drag.x - e.clientX) * perPx;
    view = clamp(drag.view[0] + dt, drag.view[1] + dt);
    render();
  });
  const stop = () => { drag = null; };
  canvas.addEventListener("pointerup", stop);
  canvas.addEventListener("pointercancel", stop);

  new ResizeObserver(() => render()).observe(canvas);
  const fromHash = items.find((it) => location.hash === "#item-" + it.id);
  if (fromHash) select(fromHash);
  else render();
})();
