// Opens the watch dashboard in headless Chromium and checks what a user would look at: the targets table, a chart
// drawn with data, the incident and its bucket page. Screenshots go to the folder given (.ci/run names it).
// Usage: node check-dashboard.mjs DASHBOARD_URL SCREENSHOT_DIR TARGET_WITH_INCIDENT
import { chromium } from "playwright-core";
import { mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const [url, shots, target] = process.argv.slice(2);
mkdirSync(shots, { recursive: true });
const profile = mkdtempSync(join(tmpdir(), "goroscope-chromium-"));
// A fresh profile directory each run (playwright passes it to Chromium as --user-data-dir).
const browser = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  headless: true,
  viewport: { width: 1280, height: 900 },
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"],
});
const failures = [];
const check = (ok, what) => { if (!ok) failures.push(what); };
try {
  const page = await browser.newPage();
  const foreign = [];
  page.on("request", r => { if (!r.url().startsWith(url)) foreign.push(r.url()); });
  const errors = [];
  page.on("pageerror", e => errors.push(e.message));

  // A chart "has data" when its canvas holds a good number of coloured, non-white pixels.
  const inkedPixels = sel => page.$eval(sel, c => {
    const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 0 && !(d[i] > 240 && d[i + 1] > 240 && d[i + 2] > 240)) n++;
    return n;
  });

  await page.goto(url, { waitUntil: "networkidle" });
  await page.waitForSelector("#targets tr.target", { timeout: 15000 });
  const targets = await page.$$eval("#targets tr.target", rows => rows.map(r => r.innerText));
  check(targets.some(t => t.includes(target)), `targets table lists ${target}: ${targets}`);
  check(await inkedPixels("canvas.spark") > 20, "the first sparkline is drawn");
  await page.waitForSelector("#incidents tr.incident", { timeout: 15000 });
  const incident = await page.$eval("#incidents tr.incident", r => r.innerText);
  check(incident.includes(target) && incident.includes("open"), `an open incident of ${target} is shown: ${incident}`);
  await page.screenshot({ path: join(shots, "overview.png"), fullPage: true });

  await page.goto(`${url}#/target/${encodeURIComponent(target)}`, { waitUntil: "networkidle" });
  await page.waitForSelector("#stacked .uplot canvas", { timeout: 15000 });
  const stacked = await inkedPixels("#stacked .uplot canvas");
  check(stacked > 500, `the stacked chart is drawn with data (${stacked} inked pixels)`);
  const legend = await page.$$eval("#stacked .u-legend .u-series", s => s.length);
  check(legend >= 3, `the stacked chart has a series per pattern (${legend - 1})`);
  await page.screenshot({ path: join(shots, "target.png"), fullPage: true });

  await page.click("tr.incident a[href^='#/bucket/']");
  await page.waitForSelector("#growth .uplot canvas", { timeout: 15000 });
  const growth = await inkedPixels("#growth .uplot canvas");
  check(growth > 300, `the bucket's growth chart is drawn with data (${growth} inked pixels)`);
  const stack = await page.$eval("pre.stack", p => p.innerText);
  check(stack.includes("main."), "the bucket page shows the stack");
  const facts = await page.$eval(".facts", f => f.innerText);
  check(/fix/.test(facts) && /pattern/.test(facts), "the bucket page shows pattern and fix");
  await page.screenshot({ path: join(shots, "bucket.png"), fullPage: true });

  check(foreign.length === 0, `no request leaves the dashboard's origin: ${foreign}`);
  check(errors.length === 0, `no script errors: ${errors}`);
  console.log(JSON.stringify({ targets: targets.length, stackedPixels: stacked, growthPixels: growth, failures }));
} finally {
  await browser.close();
}
process.exit(failures.length ? 1 : 0);
