// The goroscope watch dashboard: a few views over the JSON API of the same process, drawn with uPlot.
"use strict";

const palette = ["#d43a3a", "#2f6fdb", "#1a9e55", "#c98a00", "#8e44ad", "#16a2b8", "#e67e22", "#7f8c8d", "#c0392b", "#27ae60", "#2c3e50", "#f39c12", "#9b59b6", "#1abc9c", "#34495e", "#95a5a6"];
const view = document.getElementById("view");
const crumbs = document.getElementById("crumbs");
let charts = [];

const esc = s => String(s ?? "").replace(/[&<>"']/g, c => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
const ago = t => { if (!t) return "never"; const s = Math.round((Date.now() - new Date(t)) / 1000); return s < 90 ? `${s} s ago` : s < 5400 ? `${Math.round(s / 60)} min ago` : `${Math.round(s / 3600)} h ago`; };
const enc = encodeURIComponent;

async function api(path) {
  const r = await fetch("api/" + path, { credentials: "same-origin" });
  if (!r.ok) throw new Error(`${path}: ${r.status}`);
  return r.json();
}

function sparkline(canvas, values) {
  const ctx = canvas.getContext("2d"), w = canvas.width, h = canvas.height;
  ctx.clearRect(0, 0, w, h);
  if (values.length < 2) return;
  const min = Math.min(...values), max = Math.max(...values), span = max - min || 1;
  ctx.strokeStyle = "#2f6fdb"; ctx.lineWidth = 1.5; ctx.beginPath();
  values.forEach((v, i) => { const x = i * (w - 2) / (values.length - 1) + 1, y = h - 2 - (v - min) * (h - 4) / span; i ? ctx.lineTo(x, y) : ctx.moveTo(x, y); });
  ctx.stroke();
}

function incidentRows(incidents, withTarget) {
  if (!incidents.length) return `<p class="muted">No incidents.</p>`;
  return `<table><tr><th>state</th>${withTarget ? "<th>target</th>" : ""}<th>pattern</th><th>blocking site</th><th>signals</th><th class="num">goroutines</th><th class="num">growth/min</th><th>started</th></tr>` +
    incidents.map(i => `<tr class="incident"><td><span class="pill ${i.resolved ? "resolved" : i.signals.includes("runtimeleaked") ? "critical" : "open"}">${i.resolved ? "resolved" : "open"}</span></td>` +
      (withTarget ? `<td><a href="#/target/${enc(i.target)}">${esc(i.target)}</a></td>` : "") +
      `<td>${esc(i.pattern)}</td><td><a href="#/bucket/${enc(i.target)}/${i.bucket}">${esc(i.blocking_site || i.bucket)}</a></td><td>${esc(i.signals)}</td>` +
      `<td class="num">${i.count_at_start} → ${i.count}</td><td class="num">${i.growth_per_minute}</td><td>${ago(i.started)}</td></tr>`).join("") + `</table>`;
}

async function overview() {
  crumbs.innerHTML = "";
  const [targets, incidents] = await Promise.all([api("targets"), api("incidents")]);
  view.innerHTML = `<h2>Targets</h2><table id="targets"><tr><th>target</th><th class="num">goroutines</th><th>last hour</th><th class="num">open incidents</th><th>last scrape</th><th></th></tr>` +
    targets.map((t, k) => `<tr class="target"><td><span class="dot ${t.up === true ? "up" : t.up === false ? "down" : "unknown"}"></span><a href="#/target/${enc(t.name)}">${esc(t.name)}</a> <span class="muted">${esc(t.url)}</span></td>` +
      `<td class="num">${t.goroutines ?? "–"}</td><td><canvas class="spark" id="spark${k}" width="160" height="28"></canvas></td>` +
      `<td class="num">${t.open_incidents ? `<span class="pill open">${t.open_incidents}</span>` : "0"}</td><td>${ago(t.last_scrape)}${t.scrape_ms != null ? ` <span class="muted">(${Math.round(t.scrape_ms)} ms)</span>` : ""}</td>` +
      `<td class="error">${esc(t.error)}</td></tr>`).join("") + `</table>` +
    `<h2>Incidents</h2><div id="incidents">${incidentRows(incidents, true)}</div>`;
  targets.forEach((t, k) => sparkline(document.getElementById("spark" + k), t.spark));
}

function stackedChart(el, series) {
  // Stacked by pattern: each band is the cumulative sum up to it, drawn from the top down so lower bands cover the upper fills.
  const names = Object.keys(series.patterns);
  const cumulative = [];
  let running = series.times.map(() => 0);
  for (const n of names) { running = running.map((v, i) => v + series.patterns[n][i]); cumulative.push(running); }
  const order = names.map((n, i) => i).reverse();
  const opts = {
    width: Math.min(el.clientWidth || 1000, 1150), height: 320,
    series: [{}, ...order.map(i => ({ label: names[i], stroke: palette[i % palette.length], fill: palette[i % palette.length] + "55", width: 1,
      value: (u, v, s, idx) => idx == null ? "–" : series.patterns[names[i]][idx] }))],
    axes: [{}, { label: "goroutines" }],
    scales: { y: { range: (u, min, max) => [0, Math.max(1, max) * 1.05] } },
  };
  charts.push(new uPlot(opts, [series.times, ...order.map(i => cumulative[i])], el));
}

async function targetView(name) {
  crumbs.innerHTML = `› <a href="#/target/${enc(name)}">${esc(name)}</a>`;
  const [series, incidents] = await Promise.all([api(`targets/${enc(name)}/series?range=1h`), api("incidents")]);
  const mine = incidents.filter(i => i.target === name);
  const last = series.total.length ? series.total[series.total.length - 1] : null;
  view.innerHTML = `<h2>${esc(name)}: goroutines over the last hour, stacked by pattern</h2>` +
    `<p class="muted">${series.times.length} scrapes; ${last ?? "no"} goroutines now.</p><div class="chart" id="stacked"></div>` +
    `<h2>Incidents</h2>${incidentRows(mine, false)}`;
  if (series.times.length) stackedChart(document.getElementById("stacked"), series);
}

async function bucketView(target, id) {
  crumbs.innerHTML = `› <a href="#/target/${enc(target)}">${esc(target)}</a> › bucket ${esc(id)}`;
  const b = await api(`targets/${enc(target)}/buckets/${enc(id)}?range=1h`);
  view.innerHTML = `<h2>Bucket ${esc(b.id)} in ${esc(target)}</h2><div class="card"><dl class="facts">` +
    `<dt>pattern</dt><dd><b>${esc(b.pattern)}</b> <span class="muted">(${esc(b.state)})</span></dd>` +
    `<dt>blocking site</dt><dd>${esc(b.blocking_site)}${b.in_user_code ? "" : ' <span class="muted">(standard library)</span>'}</dd>` +
    `<dt>why</dt><dd>${esc(b.why)}</dd><dt>fix</dt><dd>${esc(b.fix)}</dd>` +
    `<dt>first seen</dt><dd>${new Date(b.first_seen).toISOString()}</dd></dl></div>` +
    `<h2>Goroutines in this bucket</h2><div class="chart" id="growth"></div>` +
    `<h2>Stack</h2><pre class="stack">${esc(b.stack)}</pre>${b.detailed ? "" : '<p class="muted">From the cheap profile; the debug=2 detail is fetched when the bucket turns suspicious.</p>'}` +
    `<h2>Incidents</h2>${incidentRows(b.incidents, false)}`;
  const el = document.getElementById("growth");
  charts.push(new uPlot({
    width: Math.min(el.clientWidth || 1000, 1150), height: 260,
    series: [{}, { label: "goroutines", stroke: "#d43a3a", fill: "#d43a3a22", width: 2 }, { label: "proved leaked", stroke: "#8e44ad", width: 1, dash: [4, 4] }],
    axes: [{}, { label: "goroutines" }],
    scales: { y: { range: (u, min, max) => [0, Math.max(1, max) * 1.05] } },
  }, [b.times, b.counts, b.leaked], el));
}

async function render() {
  charts.forEach(c => c.destroy());
  charts = [];
  const parts = location.hash.replace(/^#\/?/, "").split("/").map(decodeURIComponent);
  try {
    if (parts[0] === "target" && parts[1]) await targetView(parts[1]);
    else if (parts[0] === "bucket" && parts[2]) await bucketView(parts[1], parts[2]);
    else await overview();
    document.getElementById("updated").textContent = "updated " + new Date().toLocaleTimeString();
  } catch (e) {
    view.innerHTML = `<p class="error">Cannot load: ${esc(e.message)}</p>`;
  }
}

window.addEventListener("hashchange", render);
render();
setInterval(render, 10000);
