// Opens an HTML report of `goroscope analyze` in headless Chromium at 1400 and 800 px and checks what a user looks
// at: search by file:line and by path, module-relative paths, creators named by function, copy buttons, editor
// links, score terms and evidence, the blocking source line (a report made with --source), no leak advice on
// known-background buckets, and nothing cut off. Screenshots go to the folder given.
// Usage: node check-report.mjs REPORT.html SCREENSHOT_DIR EDITOR_URL_PREFIX
import { chromium } from "playwright-core";
import { mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const [report, shots, editorPrefix] = process.argv.slice(2);
mkdirSync(shots, { recursive: true });
const url = pathToFileURL(report).href;
const browser = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), "goroscope-chromium-")), {
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  headless: true,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"],
});
// What the copy buttons put on the clipboard (a file:// page may not reach the real one headless).
await browser.addInitScript(() => {
  window.copied = [];
  Object.defineProperty(navigator, "clipboard", { value: { writeText: async text => { window.copied.push(text); } } });
});
const failures = [];
const check = (ok, what) => { if (!ok) failures.push(what); };

// Elements clipped by an ellipsis or hidden overflow, or reaching past the right edge of the window.
const cutOff = page => page.evaluate(() => {
  const width = document.documentElement.clientWidth;
  const cut = [];
  for (const e of document.querySelectorAll("body *")) {
    const box = e.getBoundingClientRect();
    if (box.width === 0 || e.closest("[hidden], details:not([open]) > :not(summary)")) continue;
    const style = getComputedStyle(e);
    const clips = style.textOverflow === "ellipsis" || style.overflowX === "hidden";
    if (box.right > width + 1 || (clips && e.scrollWidth > e.clientWidth + 1))
      cut.push(`${e.tagName.toLowerCase()}.${e.className}: ${e.textContent.slice(0, 60)}`);
  }
  return cut;
});

try {
  for (const width of [1400, 800]) {
    const page = await browser.newPage();
    await page.setViewportSize({ width, height: 1000 });
    const requests = [];
    page.on("request", r => { if (!r.url().startsWith("file:") && !r.url().startsWith("data:")) requests.push(r.url()); });
    const errors = [];
    page.on("pageerror", e => errors.push(e.message));
    await page.goto(url);
    await page.waitForSelector("#bucket-list details.bucket");
    const data = await page.$eval("#goroscope-data", s => JSON.parse(s.textContent));
    const total = data.buckets.length;

    // Paths: relative to the module or under their import path, never absolute, never a bare base name for the standard library.
    const wheres = await page.$$eval("details.bucket .where", w => w.map(e => e.textContent));
    check(wheres.every(w => !w.startsWith("/")), `row paths are relative: ${wheres.filter(w => w.startsWith("/"))}`);
    check(wheres.some(w => /^net\/http\/[a-z_]+\.go:\d+$/.test(w)), `standard-library rows show their package path: ${wheres}`);
    check(await page.$eval(".meta", m => m.textContent.includes("module")), "the header names the module");
    check(!(await cutOff(page)).length, `${width} px, list: nothing cut off: ${await cutOff(page)}`);
    await page.screenshot({ path: join(shots, `report-${width}-list.png`), fullPage: false });

    // Search by file:line (as the rows show it) and by a path of the full file name.
    const first = data.buckets.find(b => b.site >= 0 && data.frames[b.site][0].startsWith("main."));
    const site = data.frames[first.site];
    await page.fill("#filter-search", `${site[5]}:${site[2]}`);
    await page.waitForFunction(n => document.querySelectorAll("details.bucket").length < n, total);
    const found = await page.$$eval("details.bucket", rows => rows.map(r => r.id));
    check(found.includes(`b-${first.id}`), `searching ${site[5]}:${site[2]} finds bucket ${first.id}: ${found}`);
    const directory = site[1].split("/").slice(-2).join("/");
    await page.fill("#filter-search", directory);
    await page.waitForFunction(id => document.getElementById(id), `b-${first.id}`);
    await page.fill("#filter-search", "");
    await page.waitForFunction(n => document.querySelectorAll("details.bucket").length === Math.min(n, 100), total);

    // A suspect bucket opened: its creator and starters by function, copy buttons, editor links.
    const row = page.locator(`#b-${first.id}`);
    await row.locator("summary").click();
    await row.locator(".body").waitFor();
    const facts = await row.locator(".facts").innerText();
    check(/Why/.test(await row.locator(".explain").innerText()), "a suspect bucket explains why");
    const starters = await row.locator(".facts a.bucket-link").allInnerTexts();
    check(starters.every(s => !s.startsWith("#") && /\w\.\w/.test(s)), `starters are named by function: ${starters}`);
    check(/your code/.test(facts), "the blocking site is marked as your code");
    await row.locator(".facts button.copy").first().click();
    await row.locator(".copy-stack").click();
    const copied = await page.evaluate(() => window.copied);
    check(copied[0] === `${site[1]}:${site[2]}`, `Copy puts the site's file:line on the clipboard: ${copied[0]}`);
    check(copied[1]?.startsWith(`${data.frames[data.buckets.find(b => b.id === first.id).stack[0]][0]}\n\t/`), `Copy stack copies the stack as Go prints it: ${copied[1]}`);
    const links = await row.locator("a.loc").evaluateAll(a => a.map(e => e.href));
    check(links.length > 0 && links.every(h => h.startsWith(editorPrefix)), `file:line links follow --editor-url: ${links.slice(0, 2)}`);
    // Its score, term by term, and the blocking line read from the source with the lines around it.
    const terms = await row.locator(".terms li").allInnerTexts();
    const bucket = data.buckets.find(b => b.id === first.id);
    check(terms.length === bucket.scoreTerms.length && bucket.scoreTerms.every(([value, name], i) => terms[i].includes(value) && terms[i].includes(name)),
      `the score's terms are listed: ${terms}`);
    check(bucket.source, `the report was made with --source, so bucket ${first.id} has its source line`);
    if (bucket.source) {
      const blocking = await row.locator(".excerpt .blocking").innerText();
      check(blocking.trim().startsWith(String(bucket.source.line)) && bucket.source.excerpt.length > 1,
        `the blocking line ${bucket.source.line} is marked among the lines around it: ${blocking}`);
    }
    check(!(await cutOff(page)).length, `${width} px, open bucket: nothing cut off: ${await cutOff(page)}`);
    await row.screenshot({ path: join(shots, `report-${width}-bucket.png`) });

    // A bucket with evidence from the rest of the process names it, its reason, and where to look if it says.
    const withEvidence = data.buckets.find(b => b.scoreTerms.some(t => t[4]));
    check(withEvidence, "the dump has a bucket with process evidence");
    if (withEvidence) {
      const [value, name, reason, where] = withEvidence.scoreTerms.find(t => t[4]);
      await page.evaluate(id => { location.hash = `#b-${id}`; }, withEvidence.id);
      const evidence = page.locator(`#b-${withEvidence.id} .term.evidence`);
      await evidence.first().waitFor();
      const text = (await evidence.allInnerTexts()).join("\n");
      check(text.includes(value) && text.includes(name) && text.includes(reason) && (!where || text.includes(where)),
        `the evidence ${name} shows its value, reason and where to look: ${text}`);
      check(!(await cutOff(page)).length, `${width} px, evidence: nothing cut off: ${await cutOff(page)}`);
      await page.locator(`#b-${withEvidence.id}`).screenshot({ path: join(shots, `report-${width}-evidence.png`) });
    }

    // A known-background bucket gets no leak advice.
    const background = data.buckets.find(b => b.background);
    check(background, "the dump has a known-background bucket");
    if (background) {
      await page.evaluate(id => { location.hash = `#b-${id}`; }, background.id);
      const quiet = page.locator(`#b-${background.id}`);
      await quiet.locator(".body").waitFor();
      const explain = await quiet.locator(".explain").innerText();
      check(!/Why|Fix/.test(explain) && /Background/.test(explain), `a background bucket has no why/fix: ${explain}`);
    }

    // The creation tree names buckets by what their goroutines run.
    const nodes = await page.$$eval("#tree a.bucket-link", a => a.map(e => e.textContent));
    check(nodes.length > 0 && nodes.every(n => !n.startsWith("#")), `tree nodes are named by function: ${nodes.slice(0, 3)}`);
    await page.locator("#creation-tree").scrollIntoViewIfNeeded();
    check(!(await cutOff(page)).length, `${width} px, tree: nothing cut off: ${await cutOff(page)}`);
    await page.locator("#creation-tree").screenshot({ path: join(shots, `report-${width}-tree.png`) });

    check(requests.length === 0, `no request leaves the page: ${requests}`);
    check(errors.length === 0, `no script errors: ${errors}`);
    await page.close();
  }
  console.log(JSON.stringify({ failures }));
} finally {
  await browser.close();
}
process.exit(failures.length ? 1 : 0);
