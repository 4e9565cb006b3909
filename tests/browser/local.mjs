// Opens a `rungs build --local` output from disk (file://) in headless
// Chromium and browses it as a reader would: from the home page to the
// organisations, to an organisation, to its latest report, to its roadmap,
// then back the same way. Every page must be a page of the site (its
// header), never a directory listing, with no console or page error.
// Driven by tests/local.rs.
//
// node local.mjs --site DIR
import { pathToFileURL } from "node:url";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { CHROMIUM } from "./serve.mjs";

const a = process.argv.slice(2);
const site = a[a.indexOf("--site") + 1];
const browser = await chromium.launch(CHROMIUM);
const problems = [];
const visited = [];
try {
  const tab = await browser.newPage();
  tab.on("console", (m) => { if (m.type() === "error") problems.push(`console error on ${tab.url()}: ${m.text()}`); });
  tab.on("pageerror", (e) => problems.push(`page error on ${tab.url()}: ${e.message}`));
  const check = async (what) => {
    const url = tab.url();
    visited.push(url);
    if (!url.startsWith("file://") || !url.endsWith(".html") && !url.includes(".html#")) problems.push(`${what}: ${url} is not a page file`);
    const listing = await tab.locator("text=Index of").count();
    const header = await tab.locator("header.site-header").count();
    if (listing || !header) problems.push(`${what}: ${url} is not a page of the site`);
  };
  await tab.goto(pathToFileURL(join(site, "index.html")).href);
  await check("home");
  const steps = [
    ["the organisations", "header.site-header nav a[href$='organizations/index.html']"],
    ["an organisation", "main table a[href$='/index.html'], main ul a[href$='/index.html']"],
    ["its latest report", "main a[href*='/20'][href$='/index.html']"],
    ["its roadmap", "main a[href$='roadmap/index.html']"],
  ];
  for (const [what, selector] of steps) {
    const link = tab.locator(selector).first();
    if (!(await link.count())) { problems.push(`no link to ${what} on ${tab.url()}`); break; }
    await Promise.all([tab.waitForLoadState("load"), link.click()]);
    await check(what);
  }
  for (let i = 0; i < steps.length; i++) {
    await tab.goBack();
    await check("back");
  }
  if (!tab.url().endsWith("/index.html") || tab.url() !== visited[0]) problems.push(`back at ${tab.url()}, not the home page`);
} finally {
  await browser.close();
}
if (problems.length) {
  console.error(problems.join("\n"));
  process.exit(1);
}
console.log(`${visited.length} pages from disk, no directory listing, no console error`);
