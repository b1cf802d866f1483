// The goroscope watch dashboard: a few pages over the JSON API of the same process, drawn with uPlot.
// Routes are paths (targets/NAME, targets/NAME/buckets/ID) relative to <base>, so the server can answer an unknown
// one with 404; every time is UTC, written one way (fmtTime).
"use strict";

// One colour per leak pattern, the same on every page and chart; the 16 patterns of docs/patterns.md, all distinct.
const patternColours = {
  "chan-send": "#e6194b", "chan-receive": "#3cb44b", "nil-chan": "#911eb4", "select-forever": "#f58231", "select": "#4363d8",
  "mutex": "#d4a017", "waitgroup": "#1fa2b8", "cond": "#f032e6", "sleep": "#9a6324", "io-wait": "#469990", "syscall": "#808000",
  "runtime-leaked": "#800000", "chan-or-select": "#ff7aa2", "running": "#2f4f4f", "runtime-internal": "#7b68ee", "unknown": "#b0b0b0",
};
const ranges = { "15m": 900, "1h": 3600, "6h": 21600, "24h": 86400, "7d": 604800 };
const view = document.getElementById("view");
const crumbs = document.getElementById("crumbs");
const rangeSelect = document.getElementById("range");
const themeButton = document.getElementById("theme");
let charts = [];

const asked = new URLSearchParams(location.search).get("range");
const range = asked && Object.hasOwn(ranges, asked) ? asked : "1h";
const rangeSeconds = ranges[range];
const rangeWords = rangeSelect.querySelector(`option[value="${range}"]`).textContent;
const rangeQuery = range === "1h" ? "" : `?range=${range}`;

const esc = s => String(s ?? "").replace(/[&<>"']/g, c => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
const enc = encodeURIComponent;
/** Escaped, with line-break opportunities after the dots and slashes of names and paths (never inside a
 *  word, nor inside a file:line such as main.go:38 or a file name). */
const breakable = s => String(s ?? "").split(" ").map(word => /\.go(:\d+)?$/.test(word)
  ? esc(word).replace(/\//g, "/<wbr>") : esc(word).replace(/([./])/g, "$1<wbr>")).join(" ");
const css = name => getComputedStyle(document.documentElement).getPropertyValue(name).trim();
const pad = n => String(n).padStart(2, "0");
const dash = "—";

/** The one time format: 2026-12-07 10:53:30 UTC (from an ISO string or Unix seconds). */
function fmtTime(t) {
  if (t == null) return dash;
  const d = typeof t === "number" ? new Date(t * 1000) : new Date(t);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} UTC`;
}
const ago = t => { const s = Math.round((Date.now() - new Date(t)) / 1000); return s < 90 ? `${s} s ago` : s < 5400 ? `${Math.round(s / 60)} min ago` : `${Math.round(s / 3600)} h ago`; };
const timeTag = t => t ? `<time datetime="${esc(t)}" title="${ago(t)}">${fmtTime(t)}</time>` : dash;
const link = path => path + rangeQuery;
const num = n => n == null ? dash : Number(n).toLocaleString("en-US");

class NotFound extends Error { }

async function api(path) {
  const sep = path.includes("?") ? "&" : "?";
  const r = await fetch(`api/${path}${sep}range=${range}`, { credentials: "same-origin" });
  if (r.status === 404) throw new NotFound((await r.json()).error);
  if (!r.ok) throw new Error(`${path}: HTTP ${r.status}`);
  return r.json();
}

// Sparklines: x is time across the whole range (a gap in scrapes stays a gap), y the goroutine total.
function sparkline(canvas, times, values) {
  const ratio = window.devicePixelRatio || 1, w = canvas.clientWidth * ratio, h = canvas.clientHeight * ratio;
  canvas.width = w; canvas.height = h;
  const ctx = canvas.getContext("2d");
  if (values.length < 2) return;
  const end = Date.now() / 1000, start = end - rangeSeconds;
  const min = Math.min(...values), max = Math.max(...values), span = max - min || 1;
  const steps = times.slice(1).map((t, i) => t - times[i]).sort((a, b) => a - b);
  const gap = 3 * steps[Math.floor(steps.length / 2)];
  ctx.strokeStyle = css("--accent"); ctx.lineWidth = 1.5 * ratio; ctx.beginPath();
  values.forEach((v, i) => {
    const x = 1 + (times[i] - start) / (end - start) * (w - 2), y = h - 2 * ratio - (v - min) * (h - 4 * ratio) / span;
    i && times[i] - times[i - 1] <= gap ? ctx.lineTo(x, y) : ctx.moveTo(x, y);
  });
  ctx.stroke();
}

function signalWords(i) {
  const words = [];
  if (i.signals.includes("runtimeleaked")) words.push("proved leaked by the Go runtime");
  if (i.signals.includes("growth")) words.push(`growing ${i.growth_per_minute} a minute`);
  if (i.signals.includes("concentration")) words.push("many waiting at one line of your code");
  return words.join("; ");
}

function statePill(i) {
  if (i.resolved) return `<span class="pill resolved">resolved</span>`;
  return i.severity === "critical" ? `<span class="pill critical">critical</span>` : `<span class="pill open">warning</span>`;
}

// Incidents come ranked by the API: open first, runtime-proven before inferred, growing before static.
function incidentTable(incidents, withTarget) {
  if (!incidents.length) return `<p class="muted">No incidents.</p>`;
  return `<table class="incidents"><tr><th>severity</th>${withTarget ? "<th>target</th>" : ""}<th>blocking site</th><th>signals</th>` +
    `<th class="num">goroutines</th><th>started</th></tr>` +
    incidents.map(i => `<tr class="incident" data-id="${i.id}"><td>${statePill(i)}</td>` +
      (withTarget ? `<td><a href="${link(`targets/${enc(i.target)}`)}">${esc(i.target)}</a></td>` : "") +
      `<td class="site"><a href="${link(`targets/${enc(i.target)}/buckets/${i.bucket}`)}">${breakable(i.blocking_site || i.bucket)}</a>` +
      `<span class="url muted">${esc(i.pattern)}</span></td><td class="words">${esc(signalWords(i))}</td>` +
      `<td class="num">${num(i.count_at_start)} → ${num(i.count)}</td><td class="time">${timeTag(i.started)}</td></tr>`).join("") + `</table>`;
}

function dot(t) { return `<span class="dot ${t.up === true ? "up" : t.up === false ? "down" : "unknown"}" title="${t.up === true ? "up" : t.up === false ? "failing" : "not scraped yet"}"></span>`; }

async function overview() {
  crumbs.innerHTML = "";
  const [targets, incidents] = await Promise.all([api("targets"), api("incidents")]);
  view.innerHTML = `<h2>Targets</h2><table id="targets"><tr><th>target</th><th class="num">goroutines</th><th>last ${esc(rangeWords)}</th>` +
    `<th class="num">open incidents</th><th>last scrape</th></tr>` +
    targets.filter(t => t.watched).map((t, k) => `<tr class="target${t.up === false ? " failing" : ""}"><td>${dot(t)}<a href="${link(`targets/${enc(t.name)}`)}">${esc(t.name)}</a>` +
      `<span class="url muted">${breakable(t.url)}</span>${t.error ? `<span class="error url">${breakable(t.error)}</span>` : ""}</td>` +
      `<td class="num goroutines">${num(t.goroutines)}</td><td><canvas class="spark" id="spark${k}" data-target="${esc(t.name)}"></canvas></td>` +
      `<td class="num">${t.open_incidents ? `<span class="pill open">${t.open_incidents}</span>` : "0"}</td>` +
      `<td class="time">${timeTag(t.last_scrape)}${t.scrape_ms != null ? ` <span class="muted wide">(${Math.round(t.scrape_ms)} ms)</span>` : ""}</td></tr>`).join("") + `</table>` +
    `<h2>Incidents</h2><div id="incidents">${incidentTable(incidents, true)}</div>`;
  targets.filter(t => t.watched).forEach((t, k) => sparkline(document.getElementById("spark" + k), t.spark_times, t.spark));
}

/** Marks when incidents started: a dashed line in the text colour at each start inside the range, labelled with the
 *  first incident's number and how many more started at that moment; and failed scrapes, as red ticks along the bottom. */
function incidentMarks(incidents, failedTimes = []) {
  return {
    hooks: {
      draw: u => {
        const ctx = u.ctx, ratio = window.devicePixelRatio || 1, drawn = [];
        ctx.save();
        ctx.fillStyle = css("--bad");
        for (const t of failedTimes) {
          if (t < u.scales.x.min || t > u.scales.x.max) continue;
          ctx.fillRect(Math.round(u.valToPos(t, "x", true)) - ratio, u.bbox.top + u.bbox.height - 8 * ratio, 2 * ratio, 8 * ratio);
        }
        ctx.strokeStyle = ctx.fillStyle = css("--fg");
        ctx.lineWidth = 2 * ratio; ctx.setLineDash([5 * ratio, 3 * ratio]);
        ctx.font = `${11 * ratio}px system-ui, sans-serif`;
        const byX = new Map();
        for (const i of [...incidents].sort((a, b) => a.id - b.id)) {
          const t = new Date(i.started).getTime() / 1000;
          if (t < u.scales.x.min || t > u.scales.x.max) continue;
          const x = Math.round(u.valToPos(t, "x", true)), near = [...byX.keys()].find(k => Math.abs(k - x) < 8 * ratio);
          near === undefined ? byX.set(x, [i]) : byX.get(near).push(i);
        }
        for (const [x, started] of byX) {
          ctx.beginPath(); ctx.moveTo(x, u.bbox.top); ctx.lineTo(x, u.bbox.top + u.bbox.height); ctx.stroke();
          const label = `#${started[0].id}` + (started.length > 1 ? ` +${started.length - 1}` : "");
          const width = ctx.measureText(label).width, right = x + 4 * ratio + width < u.bbox.left + u.bbox.width;
          ctx.fillText(label, right ? x + 4 * ratio : x - 4 * ratio - width, u.bbox.top + 12 * ratio);
          drawn.push(x);
        }
        ctx.restore();
        // Where the marks are, in canvas pixels: the browser test looks for them there.
        u.root.dataset.marks = JSON.stringify(drawn);
      },
    },
  };
}

function axisStyle() {
  const stroke = css("--muted"), line = css("--line");
  return { stroke, grid: { stroke: line, width: 1 }, ticks: { stroke: line, width: 1 } };
}

// The x axis spans the whole chosen range in UTC, written as in fmtTime (times of day; dates too beyond a day).
function chartOptions(el, height, series, incidents, failedTimes) {
  const end = Date.now() / 1000;
  return {
    width: Math.max(300, el.clientWidth - 16), height,
    tzDate: ts => uPlot.tzDate(new Date(ts * 1000), "Etc/UTC"),
    series: [{ value: (u, v, s, idx) => fmtTime(idx == null ? u.data[0][u.data[0].length - 1] : v) }, ...series],
    axes: [{ ...axisStyle(), values: (u, splits) => splits.map(v => rangeSeconds > 86400 ? fmtTime(v).slice(5, 16) : fmtTime(v).slice(11, 16)) },
           { ...axisStyle(), label: "goroutines", size: 60 }],
    scales: { x: { time: true, range: () => [end - rangeSeconds, end] }, y: { range: (u, min, max) => [0, Math.max(1, max) * 1.05] } },
    plugins: [incidentMarks(incidents, failedTimes)],
  };
}

/** A colour's fill: the colour laid opaquely over the panel, so a band looks exactly like its legend swatch. */
function fillOf(colour) {
  const panel = css("--panel"), mix = (a, b) => Math.round(parseInt(a, 16) * 0.6 + parseInt(b, 16) * 0.4);
  const hex = c => c.length === 4 ? c.slice(1).split("").map(x => x + x) : [c.slice(1, 3), c.slice(3, 5), c.slice(5, 7)];
  const [c, p] = [hex(colour), hex(panel)];
  return "#" + c.map((x, i) => pad(mix(x, p[i]).toString(16))).join("");
}

function stackedChart(el, series, incidents, failedTimes) {
  // Each band is the running sum up to its pattern; the bands are drawn from the top down with opaque fills, so each
  // visible band is exactly its legend's colour. The legend lists them top down, each with its latest count.
  const names = Object.keys(series.patterns);
  const cumulative = [];
  let running = series.times.map(() => 0);
  for (const n of names) { running = running.map((v, i) => v + series.patterns[n][i]); cumulative.push(running); }
  const order = names.map((n, i) => i).reverse();
  const last = series.times.length - 1;
  const bands = order.map(i => {
    const colour = patternColours[names[i]] ?? "#888888";
    return { label: names[i], stroke: colour, fill: fillOf(colour), width: 1, points: { show: false },
      value: (u, v, s, idx) => num(series.patterns[names[i]][idx ?? last]) };
  });
  charts.push(new uPlot(chartOptions(el, 320, bands, incidents, failedTimes), [series.times, ...order.map(i => cumulative[i])], el));
}

function scrapeTable(scrapes) {
  if (!scrapes.length) return `<p class="muted">No scrapes in the last ${esc(rangeWords)}.</p>`;
  const shown = scrapes.slice(0, 20), errors = shown.some(s => s.error);
  return `<table id="scrapes"><tr><th>time</th><th>result</th><th class="num">goroutines</th><th class="num wide">took</th>${errors ? "<th>error</th>" : ""}</tr>` +
    shown.map(s => `<tr class="scrape ${s.ok ? "ok" : "failed"}"><td class="time">${timeTag(s.time)}</td>` +
      `<td>${s.ok ? `<span class="pill resolved">ok</span>` : `<span class="pill failing">failed</span>`}</td><td class="num">${num(s.goroutines)}</td>` +
      `<td class="num wide">${s.duration_ms} ms</td>${errors ? `<td class="error">${breakable(s.error)}</td>` : ""}</tr>`).join("") + `</table>` +
    (scrapes.length > shown.length ? `<p class="muted">The newest 20 of ${scrapes.length} scrapes in the last ${esc(rangeWords)}.</p>` : "");
}

async function targetView(name) {
  crumbs.innerHTML = `› <a href="${link(`targets/${enc(name)}`)}">${esc(name)}</a>`;
  const [target, series, scrapes, incidents] = await Promise.all([api(`targets/${enc(name)}`), api(`targets/${enc(name)}/series`),
    api(`targets/${enc(name)}/scrapes`), api("incidents")]);
  const mine = incidents.filter(i => i.target === name);
  const failing = target.up === false;
  const lastOk = scrapes.find(s => s.ok);
  view.innerHTML = `<h2>${dot(target)}${esc(name)}</h2><div class="card${failing ? " failing" : ""}" id="status"><dl class="facts">` +
    `<dt>url</dt><dd>${breakable(target.url)}</dd>` +
    `<dt>state</dt><dd>${failing ? `<span class="pill failing">failing</span>` : target.up ? "up" : "not scraped yet"}${target.watched ? "" : " (no longer watched)"}</dd>` +
    (failing ? `<dt>error</dt><dd class="error" id="target-error">${breakable(target.error)}</dd>` +
      `<dt>last success</dt><dd>${lastOk ? timeTag(lastOk.time) : `none in the last ${esc(rangeWords)}`}</dd>` : "") +
    `<dt>goroutines</dt><dd class="goroutines">${num(target.goroutines)}</dd><dt>last scrape</dt><dd>${timeTag(target.last_scrape)}</dd></dl></div>` +
    `<h2>Goroutines over the last ${esc(rangeWords)}, stacked by pattern</h2>` +
    (series.times.length ? `<div class="chart" id="stacked"></div><p class="chart-note muted"><span class="mark-key"></span> an incident started (its number; +N: as many more at that moment)` +
      `${scrapes.some(s => !s.ok) ? ` · <span class="fail-key"></span> a scrape failed` : ""}.</p>`
      : `<p class="muted">No successful scrape in the last ${esc(rangeWords)}.</p>`) +
    `<h2>Incidents</h2>${incidentTable(mine, false)}<h2>Scrapes</h2>${scrapeTable(scrapes)}`;
  const failedTimes = scrapes.filter(s => !s.ok).map(s => new Date(s.time).getTime() / 1000);
  if (series.times.length) stackedChart(document.getElementById("stacked"), series, mine, failedTimes);
}

async function bucketView(target, id) {
  crumbs.innerHTML = `› <a href="${link(`targets/${enc(target)}`)}">${esc(target)}</a> › bucket ${esc(id)}`;
  const b = await api(`targets/${enc(target)}/buckets/${enc(id)}`);
  view.innerHTML = `<h2>Bucket ${esc(b.id)} in ${esc(target)}</h2><div class="card"><dl class="facts">` +
    `<dt>pattern</dt><dd><b>${esc(b.pattern)}</b> <span class="muted">(${esc(b.state)})</span></dd>` +
    `<dt>blocking site</dt><dd>${esc(b.blocking_site)}${b.in_user_code ? "" : ' <span class="muted">(standard library)</span>'}</dd>` +
    `<dt>why</dt><dd>${esc(b.why)}</dd><dt>fix</dt><dd>${esc(b.fix)}</dd>` +
    `<dt>first seen</dt><dd>${timeTag(b.first_seen)}</dd></dl></div>` +
    `<h2>Goroutines in this bucket over the last ${esc(rangeWords)}</h2><div class="chart" id="growth"></div>` +
    `<p class="chart-note muted"><span class="mark-key"></span> an incident started (its number; +N: as many more at that moment).</p>` +
    `<h2>Stack</h2><pre class="stack">${esc(b.stack)}</pre>${b.detailed ? "" : '<p class="muted">From the cheap profile; the debug=2 detail is fetched when the bucket turns suspicious.</p>'}` +
    `<h2>Incidents</h2>${incidentTable(b.incidents, false)}`;
  const el = document.getElementById("growth"), colour = patternColours[b.pattern] ?? "#888888", last = b.times.length - 1;
  charts.push(new uPlot(chartOptions(el, 260, [
    { label: "goroutines", stroke: colour, fill: colour + "33", width: 2, points: { show: false }, value: (u, v, s, idx) => num(b.counts[idx ?? last]) },
    { label: "proved leaked", stroke: css("--fg"), width: 1, dash: [2, 4], points: { show: false }, value: (u, v, s, idx) => num(b.leaked[idx ?? last]) },
  ], b.incidents), [b.times, b.counts, b.leaked], el));
}

function notFound(message) {
  crumbs.innerHTML = "";
  document.title = "not found · goroscope watch";
  view.innerHTML = `<h2>Not found</h2><p class="notfound" id="notfound">${esc(message)}.</p><p><a href="${link("./")}">All targets</a></p>`;
}

async function render() {
  charts.forEach(c => c.destroy());
  charts = [];
  const base = new URL(document.baseURI).pathname;
  const parts = location.pathname.slice(base.length).split("/").filter(p => p).map(decodeURIComponent);
  try {
    if (parts.length === 0) await overview();
    else if (parts[0] === "targets" && parts.length === 2) await targetView(parts[1]);
    else if (parts[0] === "targets" && parts[2] === "buckets" && parts.length === 4) await bucketView(parts[1], parts[3]);
    else throw new NotFound(`no page at ${location.pathname}`);
    document.getElementById("updated").textContent = `Updated ${fmtTime(Date.now() / 1000)}.`;
  } catch (e) {
    if (e instanceof NotFound) notFound(e.message);
    else view.innerHTML = `<p class="error">Cannot load: ${esc(e.message)}</p>`;
  }
}

function effectiveTheme() {
  return document.documentElement.dataset.theme ?? (matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light");
}

function showThemeButton() { themeButton.textContent = effectiveTheme() === "dark" ? "light" : "dark"; }

themeButton.addEventListener("click", () => {
  const next = effectiveTheme() === "dark" ? "light" : "dark";
  document.documentElement.dataset.theme = next;
  try { localStorage.setItem("goroscope-theme", next); } catch { }
  showThemeButton();
  render();
});
rangeSelect.value = range;
rangeSelect.addEventListener("change", () => {
  const query = new URLSearchParams(location.search);
  query.set("range", rangeSelect.value);
  location.search = query.toString();
});
// Links written with the #/ routes of earlier versions (alerts already sent) land on the same page.
if (location.hash.startsWith("#/")) {
  const [kind, target, id] = location.hash.slice(2).split("/");
  const path = kind === "target" ? `targets/${target}` : kind === "bucket" ? `targets/${target}/buckets/${id}` : "";
  location.replace(new URL(path, document.baseURI));
} else {
  showThemeButton();
  render();
  setInterval(render, 10000);
}
