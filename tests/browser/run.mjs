// Loads pages of a built rungs site in headless Chromium, served under a
// sub-path as GitHub Pages would, and fails on any console error, page
// error, failed request, HTTP error or external request, and on any
// serious or critical accessibility violation axe-core finds (axe.mjs).
// Takes screenshots in light, dark, print and phone modes; axe runs in the
// modes of --axe (light and dark by default: dark has its own colour
// contrast). Charts are measured as drawn (charts.mjs): on a 390-pixel
// phone no chart text is under 11 pixels or leaves its chart, and on the
// desktop a fluid chart spans its column. Driven by tests/browser.rs.
//
// node run.mjs --site DIR --base /repo/ --out DIR --pages "a/,b/"
//   [--modes light,dark,print,phone] [--axe light,dark]
//
// An empty entry in --pages is the home page; on a search page (one with
// `form[data-index]`) the index is awaited, and with `?q=` it must show
// results, so that they are audited too.

import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { audit, describe, SEVERE } from "./axe.mjs";
import { serve, CHROMIUM } from "./serve.mjs";
import { measureCharts } from "./charts.mjs";

function args() {
  const out = { modes: "light,dark,print", axe: "light,dark", pages: "" };
  const a = process.argv.slice(2);
  for (let i = 0; i < a.length; i += 2) out[a[i].replace(/^--/, "")] = a[i + 1] ?? "";
  for (const k of ["site", "base", "out"]) if (!out[k]) throw new Error(`missing --${k}`);
  return out;
}

const opts = args();
const pages = opts.pages.split(",");
const modes = opts.modes.split(",");
const axeModes = opts.axe.split(",").filter((m) => m);
for (const m of axeModes) if (!modes.includes(m)) throw new Error(`--axe ${m} is not one of --modes`);
const server = await serve(opts.site, opts.base);
const origin = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch(CHROMIUM);
await mkdir(opts.out, { recursive: true });
const problems = [];
let shots = 0;
let audits = 0;
let chartTexts = 0;
try {
  for (const page of pages) {
    for (const mode of modes) {
      const context = await browser.newContext({
        colorScheme: mode === "dark" ? "dark" : "light",
        viewport: mode === "phone" ? { width: 390, height: 844 } : { width: 1280, height: 900 },
      });
      const tab = await context.newPage();
      if (mode === "print") await tab.emulateMedia({ media: "print" });
      const where = `${opts.base}${page} (${mode})`;
      tab.on("console", (m) => { if (m.type() === "error") problems.push(`${where}: console error: ${m.text()}`); });
      tab.on("pageerror", (e) => problems.push(`${where}: page error: ${e.message}`));
      tab.on("requestfailed", (r) => problems.push(`${where}: request failed: ${r.url()} ${r.failure()?.errorText}`));
      tab.on("response", (r) => {
        const external = !r.url().startsWith(origin);
        if (external) problems.push(`${where}: external request: ${r.url()}`);
        else if (r.status() >= 400 && !page.endsWith("404.html")) problems.push(`${where}: HTTP ${r.status()} for ${r.url()}`);
      });
      try {
        await tab.goto(`${origin}${opts.base}${page}`, { waitUntil: "networkidle" });
        // The search page: wait for its index, and for results to ?q=.
        if (await tab.locator("form[data-index]").count()) {
          await tab.locator("form[data-ready]").waitFor({ timeout: 15000 });
          if (page.includes("?q=") && (await tab.locator("#search-results > li").count()) === 0) {
            problems.push(`${where}: the search shows no results`);
          }
        }
        if (mode === "phone" || mode === "light") {
          const m = await measureCharts(tab, mode === "phone");
          problems.push(...m.problems.map((p) => `${where}: ${p}`));
          if (mode === "phone") chartTexts += m.texts;
        }
        const name = (page.replace(/\/$/, "").replace(/[^a-z0-9]+/gi, "-") || "home") + `-${mode}.png`;
        await tab.screenshot({ path: join(opts.out, name), fullPage: true });
        shots += 1;
        if (axeModes.includes(mode)) {
          for (const v of await audit(tab)) {
            if (SEVERE.includes(v.impact)) problems.push(`${where}: ${describe(v)}`);
          }
          audits += 1;
        }
      } catch (e) {
        problems.push(`${where}: ${e.message.split("\n")[0]}`);
      } finally {
        await context.close();
      }
    }
  }
} finally {
  await browser.close();
  server.close();
}
if (problems.length) {
  console.error(problems.join("\n"));
  process.exit(1);
}
console.log(
  `${pages.length} pages: ${shots} screenshots in ${opts.out}, no console errors or failed requests; ` +
    `${audits} axe audits (${axeModes.join(", ")}), no serious or critical violations; ` +
    `${chartTexts} chart texts measured on a phone`,
);
