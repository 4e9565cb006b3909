// Runs the /search/ page of a built rungs site in headless Chromium, served
// under a sub-path as GitHub Pages would: searches from ?q= and by typing
// into the box, checks the expected result's link, follows it (HTTP 200),
// checks the results page with axe, and fails on any console error, page
// error, failed request, HTTP error or external request. Driven by
// tests/search.rs.
//
// node search.mjs --site DIR --base /repo/ --cases JSON
//
// JSON is a list of { "via": "url" | "type", "query": "...",
// "expect": "link text" | null, "path": "organizations/x/" }: with null, the
// search must find nothing. Optionally "status": text the status line then
// shows (by default "No results" for a search that finds nothing), and
// "badge": the kind badge of the expected result.

import { chromium } from "playwright-core";
import { audit, describe } from "./axe.mjs";
import { serve, CHROMIUM } from "./serve.mjs";

function args() {
  const out = {};
  const a = process.argv.slice(2);
  for (let i = 0; i < a.length; i += 2) out[a[i].replace(/^--/, "")] = a[i + 1];
  for (const k of ["site", "base", "cases"]) if (!out[k]) throw new Error(`missing --${k}`);
  return out;
}

const opts = args();
const cases = JSON.parse(opts.cases);
const server = await serve(opts.site, opts.base);
const origin = `http://127.0.0.1:${server.address().port}`;
const searchUrl = `${origin}${opts.base}search/`;
const browser = await chromium.launch(CHROMIUM);
const problems = [];
const TIMEOUT = 15000;

async function runCase(c) {
  const where = `${c.via} "${c.query}"`;
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const tab = await context.newPage();
  tab.setDefaultTimeout(TIMEOUT);
  tab.on("console", (m) => { if (m.type() === "error") problems.push(`${where}: console error: ${m.text()}`); });
  tab.on("pageerror", (e) => problems.push(`${where}: page error: ${e.message}`));
  tab.on("requestfailed", (r) => problems.push(`${where}: request failed: ${r.url()} ${r.failure()?.errorText}`));
  tab.on("response", (r) => {
    if (!r.url().startsWith(origin)) problems.push(`${where}: external request: ${r.url()}`);
    else if (r.status() >= 400) problems.push(`${where}: HTTP ${r.status()} for ${r.url()}`);
  });
  try {
    const start = c.via === "url" ? `${searchUrl}?q=${encodeURIComponent(c.query)}` : searchUrl;
    await tab.goto(start, { waitUntil: "networkidle" });
    await tab.locator("form[data-ready]").waitFor();
    if (c.via === "type") {
      await tab.locator("#search-input").click();
      await tab.locator("#search-input").pressSequentially(c.query, { delay: 30 });
    } else if ((await tab.locator("#search-input").inputValue()) !== c.query) {
      problems.push(`${where}: the box does not show the query from ?q=`);
    }
    const results = tab.locator("#search-results > li");
    if (c.expect === null) {
      await tab.locator("#search-status", { hasText: c.status || "No results" }).waitFor();
      const n = await results.count();
      if (n !== 0) problems.push(`${where}: expected no results, found ${n}`);
      return;
    }
    const link = tab.locator("#search-results a", { hasText: c.expect }).first();
    await link.waitFor();
    if (c.status) await tab.locator("#search-status", { hasText: c.status }).waitFor();
    if (c.badge) {
      const item = tab.locator("#search-results > li", { has: tab.locator("a", { hasText: c.expect }) });
      const badge = await item.first().locator(".badge").textContent();
      if (badge !== c.badge) problems.push(`${where}: badge "${badge}", expected "${c.badge}"`);
    }
    if ((await tab.locator("#search-results mark").count()) === 0) {
      problems.push(`${where}: no matched word is marked`);
    }
    if (c.via === "type") {
      await tab.waitForFunction((q) => new URL(location.href).searchParams.get("q") === q, c.query);
    }
    if (c.axe) {
      // Any violation, of any impact, fails the results page.
      for (const v of await audit(tab)) problems.push(`${where}: ${describe(v)}`);
    }
    const href = await link.getAttribute("href");
    const want = `${origin}${opts.base}${c.path}`;
    if (href !== want) {
      problems.push(`${where}: link to ${href}, expected ${want}`);
      return;
    }
    const [response] = await Promise.all([
      tab.waitForResponse((r) => r.url() === want && r.request().isNavigationRequest()),
      link.click(),
    ]);
    await tab.waitForLoadState("load");
    if (response.status() !== 200) problems.push(`${where}: ${want} gave HTTP ${response.status()}`);
    if (tab.url() !== want) problems.push(`${where}: landed on ${tab.url()}, expected ${want}`);
    const title = await tab.title();
    if (!title.includes(c.expect)) problems.push(`${where}: landed on "${title}"`);
  } catch (e) {
    problems.push(`${where}: ${e.message.split("\n")[0]}`);
  } finally {
    await context.close();
  }
}

try {
  for (const c of cases) await runCase(c);
} finally {
  await browser.close();
  server.close();
}
if (problems.length) {
  console.error(problems.join("\n"));
  process.exit(1);
}
console.log(`${cases.length} searches under ${opts.base}search/, no console errors or failed requests`);
