// Measures the charts of a loaded page as the browser drew them.
//
// On a phone (`phone`: a 390-pixel viewport) every chart text must show at
// 11 CSS pixels or more (its computed size times the scale of its viewBox,
// if any) and lie inside its chart, and no chart may be wider than the
// viewport. On the desktop every fluid chart (one without a viewBox) must
// span the width of its figure. Returns the problems and the number of
// texts measured.
export async function measureCharts(tab, phone) {
  return tab.evaluate((phone) => {
    const problems = [];
    let texts = 0;
    const viewport = document.documentElement.clientWidth;
    for (const svg of document.querySelectorAll("svg.chart")) {
      const name = svg.querySelector("title")?.textContent ?? svg.id;
      const box = svg.getBoundingClientRect();
      if (phone) {
        if (box.right > viewport + 0.5) problems.push(`chart "${name}" is ${box.width.toFixed(0)} px wide, past the viewport`);
        for (const t of svg.querySelectorAll("text")) {
          texts += 1;
          const size = parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a;
          const shown = [...t.childNodes].filter((n) => n.nodeType === 3).map((n) => n.textContent).join("");
          if (size < 10.95) problems.push(`chart "${name}": text "${shown}" shows at ${size.toFixed(1)} px`);
          const r = t.getBoundingClientRect();
          if (r.left < box.left - 1 || r.right > box.right + 1) {
            problems.push(`chart "${name}": text "${shown}" spans ${r.left.toFixed(0)}..${r.right.toFixed(0)}, outside ${box.left.toFixed(0)}..${box.right.toFixed(0)}`);
          }
        }
      } else if (!svg.hasAttribute("viewBox")) {
        const column = svg.parentElement.getBoundingClientRect().width;
        if (box.width < column - 1) problems.push(`chart "${name}" is ${box.width.toFixed(0)} px wide in a ${column.toFixed(0)} px column`);
      }
    }
    return { problems, texts };
  }, phone);
}
