// Opens one private report (`rungs build --private-reports DIR`) from disk
// (file://) in headless Chromium with every request but the file itself
// aborted, and checks that it needs nothing else: exactly one request, no
// console or page error, every chart drawn with a size, the roadmap in the
// same file, and (in a second tab that may inject axe-core past the file's
// Content-Security-Policy) no serious or critical accessibility violation.
// Driven by tests/private_reports.rs.
//
// node private.mjs --file FILE
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";
import { CHROMIUM } from "./serve.mjs";
import { audit, describe, SEVERE } from "./axe.mjs";

const a = process.argv.slice(2);
const file = a[a.indexOf("--file") + 1];
const url = pathToFileURL(file).href;
const browser = await chromium.launch(CHROMIUM);
const problems = [];
let charts = 0;
const requests = [];
try {
  const context = await browser.newContext();
  await context.route("**/*", (route) => {
    const u = route.request().url();
    if (u === url) return route.continue();
    problems.push(`request blocked: ${u}`);
    return route.abort();
  });
  const tab = await context.newPage();
  tab.on("request", (r) => requests.push(r.url()));
  tab.on("console", (m) => { if (m.type() === "error") problems.push(`console error: ${m.text()}`); });
  tab.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  await tab.goto(url, { waitUntil: "load" });
  const sizes = await tab.$$eval("svg[role=img]", (all) => all.map((s) => {
    const b = s.getBoundingClientRect();
    return [s.id || s.getAttribute("aria-labelledby") || "svg", b.width, b.height];
  }));
  charts = sizes.length;
  for (const [id, w, h] of sizes) if (!(w > 0 && h > 0)) problems.push(`chart ${id} has no size (${w}×${h})`);
  if (!charts) problems.push("no chart in the file");
  if (!(await tab.locator("#roadmap").count())) problems.push("no roadmap in the file");
  if (requests.length !== 1) problems.push(`${requests.length} requests: ${requests.join(", ")}`);

  const open = await browser.newContext({ bypassCSP: true });
  const audited = await open.newPage();
  await audited.goto(url, { waitUntil: "load" });
  for (const v of await audit(audited)) {
    if (SEVERE.includes(v.impact)) problems.push(`axe: ${describe(v)}`);
  }
} finally {
  await browser.close();
}
if (problems.length) {
  console.error(problems.join("\n"));
  process.exit(1);
}
console.log(`${charts} charts drawn from disk with ${requests.length} request, no console error, axe clean`);
