// Loads pages of a built rungs site in headless Chromium, served under a
// sub-path as GitHub Pages would, and fails on any console error, page
// error, failed request or HTTP error. Takes screenshots in light, dark and
// print modes. Driven by tests/browser.rs.
//
// node run.mjs --site DIR --base /repo/ --out DIR --pages "a/,b/" [--modes light,dark,print]

import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { serve, CHROMIUM } from "./serve.mjs";

function args() {
  const out = { modes: "light,dark,print", pages: "" };
  const a = process.argv.slice(2);
  for (let i = 0; i < a.length; i += 2) out[a[i].replace(/^--/, "")] = a[i + 1];
  for (const k of ["site", "base", "out"]) if (!out[k]) throw new Error(`missing --${k}`);
  return out;
}

const opts = args();
const server = await serve(opts.site, opts.base);
const origin = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch(CHROMIUM);
await mkdir(opts.out, { recursive: true });
const problems = [];
let shots = 0;
try {
  for (const page of opts.pages.split(",").filter((p) => p !== undefined)) {
    for (const mode of opts.modes.split(",")) {
      const context = await browser.newContext({
        colorScheme: mode === "dark" ? "dark" : "light",
        viewport: { width: 1280, height: 900 },
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
      await tab.goto(`${origin}${opts.base}${page}`, { waitUntil: "networkidle" });
      const name = (page.replace(/\/$/, "").replace(/[^a-z0-9]+/gi, "-") || "home") + `-${mode}.png`;
      await tab.screenshot({ path: join(opts.out, name), fullPage: true });
      shots += 1;
      await context.close();
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
console.log(`${shots} screenshots in ${opts.out}, no console errors or failed requests`);
