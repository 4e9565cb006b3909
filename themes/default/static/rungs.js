/* rungs.js: small progressive enhancements for sites built by rungs.
   Every page works without it. It does two things:
   1. Sortable tables: every <table class="sortable"> gets a <button> in each
      column header of its last header row; activating it sorts the rows of
      each <tbody> by that column and sets aria-sort on the header. Cells sort
      by their data-sort attribute when present, else by their text; numbers
      (1.23, −0.40, 61%) sort as numbers, other text in the page language's
      order, and empty cells ("", "–") last. A header with class "no-sort",
      or one that holds a link or button, stays as it is. A header may carry
      aria-sort="ascending" or "descending" to say how the rows arrive.
   2. Printing: every closed <details> is opened before printing and closed
      again afterwards, so printed reports show their evidence and data.
   Loaded with <script src="…/rungs.js" defer>; no globals, no dependencies. */
(() => {
  "use strict";

  // ---- 1. Sortable tables ------------------------------------------------

  const collator = new Intl.Collator(document.documentElement.lang || undefined, {
    numeric: true,
    sensitivity: "base",
  });
  const EMPTY = /^[\s\u2013\u2014-]*$/; // "", "–", "—", "-"

  /** The number a cell's text stands for, or NaN. */
  const toNumber = (text) => {
    const t = text
      .replace(/[\s\u00a0\u202f%]/g, "")
      .replace(/^\u00b1/, "")
      .replace(/\u2212/g, "-");
    return /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(t) ? Number(t) : NaN;
  };

  /** The cell of `row` covering column `index`, counting colspans. */
  const cellAt = (row, index) => {
    let col = 0;
    for (const cell of row.cells) {
      col += cell.colSpan || 1;
      if (index < col) return cell;
    }
    return null;
  };

  /** A sort key: { empty, num, text }. */
  const keyOf = (cell) => {
    if (!cell) return { empty: true, num: NaN, text: "" };
    const raw = cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent;
    const text = raw.trim();
    return { empty: EMPTY.test(text), num: toNumber(text), text };
  };

  const compare = (a, b) => {
    const an = !Number.isNaN(a.num);
    const bn = !Number.isNaN(b.num);
    if (an && bn) return a.num - b.num;
    if (an !== bn) return an ? -1 : 1; // numbers before words
    return collator.compare(a.text, b.text);
  };

  const sortBy = (table, header, index, direction) => {
    const sign = direction === "ascending" ? 1 : -1;
    for (const body of table.tBodies) {
      const rows = Array.from(body.rows, (row, i) => ({ row, i, key: keyOf(cellAt(row, index)) }));
      rows.sort((x, y) => {
        if (x.key.empty !== y.key.empty) return x.key.empty ? 1 : -1; // blanks last either way
        return sign * compare(x.key, y.key) || x.i - y.i;
      });
      body.append(...rows.map((r) => r.row));
    }
    for (const th of header.parentElement.cells) {
      if (th !== header) th.removeAttribute("aria-sort");
    }
    header.setAttribute("aria-sort", direction);
  };

  const enhance = (table) => {
    const head = table.tHead;
    if (!head || !head.rows.length || table.dataset.sortable === "ready") return;
    table.dataset.sortable = "ready";
    const row = head.rows[head.rows.length - 1];
    let index = 0;
    for (const th of Array.from(row.cells)) {
      const column = index;
      index += th.colSpan || 1;
      if (th.tagName !== "TH" || th.colSpan > 1 || th.classList.contains("no-sort")) continue;
      if (th.querySelector("a, button, input, select, textarea")) continue;
      const button = document.createElement("button");
      button.type = "button";
      button.className = "sort";
      const label = document.createElement("span");
      label.append(...th.childNodes);
      const icon = document.createElement("span");
      icon.className = "sort-icon";
      icon.setAttribute("aria-hidden", "true");
      button.append(label, icon);
      th.append(button);
      button.addEventListener("click", () => {
        const next = th.getAttribute("aria-sort") === "ascending" ? "descending" : "ascending";
        sortBy(table, th, column, next);
      });
    }
  };

  document.querySelectorAll("table.sortable").forEach(enhance);

  // ---- 2. Open <details> for printing -------------------------------------

  let opened = [];
  window.addEventListener("beforeprint", () => {
    opened = Array.from(document.querySelectorAll("details:not([open])"));
    for (const d of opened) d.open = true;
  });
  window.addEventListener("afterprint", () => {
    for (const d of opened) d.open = false;
    opened = [];
  });
})();
