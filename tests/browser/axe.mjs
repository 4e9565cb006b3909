// Shared by the browser tests: runs axe-core in a Playwright page, adds a
// contrast check of chart text (which axe leaves "incomplete", as it cannot
// tell what an SVG draws under a label), and describes what was found.

import { createRequire } from "node:module";

const AXE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

/** The rules run: WCAG 2.0, 2.1 and 2.2 levels A and AA, and best practices. */
export const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"];

/** The impacts that fail a page in every test. */
export const SEVERE = ["serious", "critical"];

/**
 * Runs axe-core on the whole document of `tab`, then the chart text check,
 * and returns the violations of both, each as `{ id, impact, help, targets }`
 * with every target as a selector.
 */
export async function audit(tab) {
  if (!(await tab.evaluate(() => typeof window.axe === "object"))) {
    await tab.addScriptTag({ path: AXE });
  }
  const violations = await tab.evaluate(async (tags) => {
    const r = await window.axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.map((n) => n.target.join(" ")),
    }));
  }, TAGS);
  const charts = await tab.evaluate(chartTextContrast);
  if (charts.length) {
    violations.push({
      id: "chart-text-contrast",
      impact: "serious",
      help: "Text in a chart must have a contrast of 4.5:1 (3:1 when large) with what is drawn under it (WCAG 1.4.3)",
      targets: charts,
    });
  }
  return violations;
}

/** One line for a violation: rule, impact, what it means and the first few targets. */
export function describe(v, first = 4) {
  const more = v.targets.length > first ? `, … (${v.targets.length} in all)` : "";
  return `axe ${v.id} (${v.impact}): ${v.help}: ${v.targets.slice(0, first).join(", ")}${more}`;
}

/**
 * Runs in the page: every visible `<text>` of an inline SVG whose contrast
 * with what is painted under the middle of it (SVG shapes whose fill covers
 * that point, then HTML backgrounds, blended by opacity) is below WCAG AA,
 * as `svg.chart-kind text "label": ratio (fg on bg)`.
 */
function chartTextContrast() {
  const rgba = (s) => {
    const m = /rgba?\(([^)]+)\)/.exec(s);
    if (!m) return null;
    const p = m[1].split(/[\s,/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  const over = (top, under) => [0, 1, 2].map((i) => top[i] * top[3] + under[i] * (1 - top[3])).concat(1);
  const luminance = (c) => {
    const f = (v) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
    return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]);
  };
  const ratio = (a, b) => {
    const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (hi + 0.05) / (lo + 0.05);
  };
  const opacity = (el) => {
    let o = 1;
    for (let e = el; e; e = e.parentElement) o *= Number(getComputedStyle(e).opacity);
    return o;
  };
  const hex = (c) => "#" + c.slice(0, 3).map((v) => Math.round(v).toString(16).padStart(2, "0")).join("");
  // The colour `el` paints at the client point (x, y), or null.
  const paint = (el, x, y) => {
    const style = getComputedStyle(el);
    let c;
    if (el instanceof SVGElement) {
      if (!(el instanceof SVGGeometryElement) || el.closest("text")) return null;
      c = rgba(style.fill);
      if (!c) return null;
      const p = new DOMPoint(x, y).matrixTransform(el.getScreenCTM().inverse());
      if (!el.isPointInFill(p)) return null; // hit by its stroke only
      c[3] *= Number(style.fillOpacity);
    } else {
      c = rgba(style.backgroundColor);
      if (!c) return null;
    }
    c[3] *= opacity(el);
    return c[3] > 0 ? c : null;
  };
  const found = [];
  const scroll = [window.scrollX, window.scrollY];
  for (const text of document.querySelectorAll("svg text")) {
    if (!text.getClientRects().length || !text.textContent.trim()) continue;
    text.scrollIntoView({ block: "center", inline: "center", behavior: "instant" });
    const r = text.getBoundingClientRect();
    if (!r.width || !r.height) continue;
    const [x, y] = [r.left + r.width / 2, r.top + r.height / 2];
    const style = getComputedStyle(text);
    const fg = rgba(style.fill);
    if (!fg) continue;
    let bg = [255, 255, 255, 1];
    for (const c of document.elementsFromPoint(x, y).map((e) => paint(e, x, y)).filter(Boolean).reverse()) bg = over(c, bg);
    const color = over([fg[0], fg[1], fg[2], fg[3] * Number(style.fillOpacity) * opacity(text)], bg);
    const size = parseFloat(style.fontSize);
    const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
    const k = ratio(color, bg);
    if (k < (large ? 3 : 4.5)) {
      const svg = text.closest("svg");
      const kind = [...svg.classList].find((c) => c.startsWith("chart-")) || "svg";
      found.push(`svg.${kind} text "${text.textContent.trim().slice(0, 40)}": ${k.toFixed(2)}:1 (${hex(color)} on ${hex(bg)})`);
    }
  }
  window.scrollTo({ left: scroll[0], top: scroll[1], behavior: "instant" });
  return found;
}
