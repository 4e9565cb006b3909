// Prints pages of a built rungs site to PDF with headless Chromium, as a
// reader's "Print" would (the page's own @page rules, rungs.js's
// beforeprint), once per paper size. Driven by tests/print.rs, which reads
// the PDFs back with poppler's pdftotext and pdfinfo.
//
// node print.mjs --site DIR --base /repo/ --out DIR --pages "a/,b/" --formats A4,Letter
//
// Writes OUT/<page-as-name>-<format>.pdf for each page and format, and
// prints one line per PDF: `printed <file>`.

import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { serve, CHROMIUM } from "./serve.mjs";

const opts = { formats: "A4,Letter" };
const a = process.argv.slice(2);
for (let i = 0; i < a.length; i += 2) opts[a[i].replace(/^--/, "")] = a[i + 1] ?? "";
for (const k of ["site", "base", "out", "pages"]) if (!opts[k]) throw new Error(`missing --${k}`);

const server = await serve(opts.site, opts.base);
const origin = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch(CHROMIUM);
await mkdir(opts.out, { recursive: true });
const problems = [];
try {
  for (const page of opts.pages.split(",")) {
    for (const format of opts.formats.split(",")) {
      const context = await browser.newContext({ colorScheme: "light", viewport: { width: 1280, height: 900 } });
      const tab = await context.newPage();
      tab.on("pageerror", (e) => problems.push(`${page}: page error: ${e.message}`));
      try {
        await tab.goto(`${origin}${opts.base}${page}`, { waitUntil: "networkidle" });
        // What a print dialog does first: rungs.js opens the <details>.
        await tab.evaluate(() => window.dispatchEvent(new Event("beforeprint")));
        const name = `${page.replace(/\/$/, "").replace(/[^a-z0-9]+/gi, "-")}-${format}.pdf`;
        const file = join(opts.out, name);
        await tab.pdf({ path: file, format, printBackground: true });
        console.log(`printed ${file}`);
      } catch (e) {
        problems.push(`${page} (${format}): ${e.message.split("\n")[0]}`);
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
