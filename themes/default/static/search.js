/* search.js: the site search of the /search/ page of sites built by rungs.
   It loads the index that rungs writes to search/index.json (the form's
   data-index attribute gives its URL relative to the page, so it works under
   any sub-path) and searches it in the browser as you type: no server, no
   external request, nothing but this file and the index.
   - Words are normalised exactly as rungs indexes them (src/search.rs):
     lowercased character by character, combining accents dropped, Latin
     letters folded to ASCII (é → e, ß → ss, ø → o), split at anything that is
     neither a letter nor a digit; Chinese, Japanese and Korean text is
     matched by pairs of neighbouring characters (one character alone
     matches by itself).
   - Every word must match (AND); the last word also matches as a prefix
     while it is being typed. Title matches weigh most, then ids and
     attribute values, then text; exact matches beat prefix matches.
   - Up to 50 results, each with its kind, a link and a snippet where the
     matched words are marked. The DOM is built with createElement and
     textContent only; index data never goes through innerHTML.
   - The query is read from ?q= on load and kept there as you type.
   - Every message and kind name comes from the form's data attributes
     (data-msg-*, data-kind-*), which the page writes from the site's
     string table in its language; {query}, {n}, {shown} and {total} in
     them are filled in here. Only a page without them (an old override of
     search.html) falls back to the bare kind ids and the query.
   Loaded with <script src="…/search.js" defer>; no globals, no dependencies. */
(() => {
  "use strict";

  const form = document.querySelector("form[data-index]");
  const input = document.getElementById("search-input");
  const list = document.getElementById("search-results");
  if (!form || !input || !list) return;
  const status = document.getElementById("search-status");

  const MAX_RESULTS = 50;
  const DEBOUNCE_MS = 150;
  const FORMAT = 1;
  /** Rank of each kind (lower first among equal scores). */
  const RANKS = {
    organization: 0,
    capability: 1,
    dimension: 2,
    model: 3,
    level: 4,
    benchmark: 5,
    page: 6,
    criterion: 7,
  };
  /** The badge of a kind, in the page's language (data-kind-<kind>). */
  const kindName = (k) => form.getAttribute(`data-kind-${k}`) || k;
  /** Message `name` of the page (data-msg-<name>), its {placeholders}
      filled from `values`; without one, the last resort is the query. */
  const message = (name, values = {}) => {
    const text = form.getAttribute(`data-msg-${name}`);
    if (text === null) return values.query === undefined ? "" : `“${values.query}”`;
    return text.replace(/\{(\w+)\}/g, (all, key) => (key in values ? String(values[key]) : all));
  };
  /** Weight of a posting by its field flags: title 4, keyword 2, body 1. */
  const FIELD_WEIGHT = [0, 1, 3, 4, 6, 7, 9, 10];

  const indexUrl = new URL(form.dataset.index, document.baseURI);
  const root = new URL("../", indexUrl); // the index is <root>search/index.json

  // ---- Normalising, as src/search.rs does --------------------------------

  const LATIN = /[\u00c0-\u024f\u1e00-\u1eff]/;
  const MARKS = /[\u0300-\u036f]/g;
  const WORD = /[\p{Alphabetic}\p{N}]/u;
  const CJK = /[\u3005-\u3007\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\uff66-\uff9f\u{20000}-\u{3134f}]/u;
  /** Latin letters without a decomposition, folded all the same. */
  const SPECIAL = {
    "ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "đ": "d", "ð": "d", "þ": "th",
    "ħ": "h", "ı": "i", "ł": "l", "ŀ": "l", "ĳ": "ij", "ŉ": "n", "ſ": "s",
    "ŧ": "t", "ƒ": "f", "ŋ": "n", "ǆ": "dz", "ǉ": "lj", "ǌ": "nj", "ǳ": "dz",
  };
  const folded = new Map();

  /** The ASCII a lowercase Latin letter folds to, else the letter itself. */
  const fold = (c) => {
    let f = folded.get(c);
    if (f === undefined) {
      f = c;
      if (LATIN.test(c)) {
        const d = Array.from(c.normalize("NFD").replace(MARKS, ""), (x) => SPECIAL[x] || x).join("");
        if (/^[a-z]+$/.test(d)) f = d;
      }
      folded.set(c, f);
    }
    return f;
  };

  /** One character (code point) normalised; "" for a combining accent. */
  const normalise = (ch) => {
    if (ch < "\u0080") return ch.toLowerCase();
    let out = "";
    for (const l of ch.toLowerCase()) {
      if (l >= "\u0300" && l <= "\u036f") continue;
      out += fold(l);
    }
    return out;
  };

  /** The words of `text`: { term, cjk, start, end, chars }, where start and
      end are offsets into `text` and, for CJK runs, chars holds each
      character's [start, end]. */
  const analyse = (text) => {
    const tokens = [];
    let token = null;
    let i = 0;
    for (const ch of text) {
      const start = i;
      i += ch.length;
      const norm = normalise(ch);
      if (norm === "") {
        if (token) token.end = i; // an accent belongs to its letter
        continue;
      }
      for (const c of norm) {
        if (!WORD.test(c)) {
          token = null;
          continue;
        }
        const cjk = CJK.test(c);
        if (!token || token.cjk !== cjk) {
          token = { term: "", cjk, start, end: i, chars: [] };
          tokens.push(token);
        }
        token.term += c;
        token.end = i;
        if (cjk) token.chars.push([start, i]);
      }
    }
    return tokens;
  };

  /** What to look up for a query: [{ term, prefix }], and what to mark. */
  const parse = (query) => {
    const tokens = analyse(query);
    const typing = !/\s$/.test(query);
    const seen = new Map();
    const add = (term, prefix) => {
      const before = seen.get(term);
      seen.set(term, before === undefined ? prefix : before && prefix);
    };
    tokens.forEach((t, n) => {
      const last = typing && n === tokens.length - 1;
      if (!t.cjk) return add(t.term, last);
      const cs = Array.from(t.term);
      if (cs.length === 1) return add(cs[0], last);
      for (let k = 0; k + 1 < cs.length; k += 1) add(cs[k] + cs[k + 1], false);
    });
    const lookups = Array.from(seen, ([term, prefix]) => ({ term, prefix }));
    const words = tokens.filter((t) => !t.cjk).map((t, n, all) => ({
      term: t.term,
      prefix: typing && n === all.length - 1 && t === tokens[tokens.length - 1],
    }));
    const runs = tokens.filter((t) => t.cjk).map((t) => Array.from(t.term));
    return { lookups, words, runs };
  };

  // ---- Searching ----------------------------------------------------------

  let index = null; // { docs, terms: Map, keys: sorted terms }

  /** The first position in the sorted keys whose term is >= `term`. */
  const lowerBound = (keys, term) => {
    let lo = 0;
    let hi = keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (keys[mid] < term) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };

  /** Document → best weight for one looked-up term. */
  const hitsOf = ({ term, prefix }) => {
    const hits = new Map();
    const take = (postings, factor) => {
      for (const p of postings) {
        const doc = Math.floor(p / 8);
        const w = FIELD_WEIGHT[p % 8] * factor;
        if (!(hits.get(doc) >= w)) hits.set(doc, w);
      }
    };
    const exact = index.terms.get(term);
    if (exact) take(exact, 2);
    if (prefix) {
      for (let k = lowerBound(index.keys, term); k < index.keys.length; k += 1) {
        const key = index.keys[k];
        if (!key.startsWith(term)) break;
        if (key !== term) take(index.terms.get(key), 1);
      }
    }
    return hits;
  };

  /** Matching documents, best first: [{ doc, score }]. */
  const search = (q) => {
    let scores = null;
    for (const lookup of q.lookups) {
      const hits = hitsOf(lookup);
      if (scores === null) {
        scores = hits;
      } else {
        for (const [doc, score] of scores) {
          const w = hits.get(doc);
          if (w === undefined) scores.delete(doc);
          else scores.set(doc, score + w);
        }
      }
      if (scores.size === 0) break;
    }
    const rank = (doc) => (index.docs[doc].k in RANKS ? RANKS[index.docs[doc].k] : 9);
    return Array.from(scores || [], ([doc, score]) => ({ doc, score }))
      .sort((a, b) => b.score - a.score || rank(a.doc) - rank(b.doc) || a.doc - b.doc);
  };

  // ---- Showing results ----------------------------------------------------

  /** [start, end] ranges of `text` that the query matches, merged. */
  const matches = (text, q) => {
    const ranges = [];
    for (const t of analyse(text)) {
      if (!t.cjk) {
        if (q.words.some((w) => t.term === w.term || (w.prefix && t.term.startsWith(w.term)))) {
          ranges.push([t.start, t.end]);
        }
        continue;
      }
      const cs = Array.from(t.term);
      for (const run of q.runs) {
        for (let k = 0; k + run.length <= cs.length; k += 1) {
          if (run.every((c, j) => cs[k + j] === c)) {
            ranges.push([t.chars[k][0], t.chars[k + run.length - 1][1]]);
          }
        }
      }
    }
    ranges.sort((a, b) => a[0] - b[0]);
    const merged = [];
    for (const r of ranges) {
      const last = merged[merged.length - 1];
      if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
      else merged.push(r);
    }
    return merged;
  };

  /** Appends `text` to `el`, the query's words wrapped in <mark>. */
  const appendMarked = (el, text, q) => {
    let at = 0;
    for (const [start, end] of matches(text, q)) {
      if (start > at) el.append(document.createTextNode(text.slice(at, start)));
      const mark = document.createElement("mark");
      mark.textContent = text.slice(start, end);
      el.append(mark);
      at = end;
    }
    if (at < text.length) el.append(document.createTextNode(text.slice(at)));
  };

  /** The absolute URL of a document, or null if it would leave the site. */
  const hrefOf = (u) => {
    try {
      const url = new URL(u, root);
      return url.href.startsWith(root.href) ? url.href : null;
    } catch {
      return null;
    }
  };

  const say = (text) => {
    if (status) status.textContent = text;
  };

  const show = (query) => {
    list.replaceChildren();
    if (!index) return;
    const q = parse(query);
    if (!q.lookups.length) {
      say(query.trim() ? message("type-more") : "");
      return;
    }
    const results = search(q);
    const shown = results.slice(0, MAX_RESULTS);
    const items = [];
    for (const { doc } of shown) {
      const d = index.docs[doc];
      const href = hrefOf(d.u);
      if (!href) continue;
      const li = document.createElement("li");
      li.className = `search-result search-${d.k}`;
      const badge = document.createElement("span");
      badge.className = "badge";
      badge.textContent = kindName(d.k);
      const link = document.createElement("a");
      link.href = href;
      appendMarked(link, d.t, q);
      li.append(badge, " ", link);
      if (d.s) {
        const snippet = document.createElement("p");
        snippet.className = "meta";
        appendMarked(snippet, d.s, q);
        li.append(snippet);
      }
      items.push(li);
    }
    list.append(...items);
    const n = results.length;
    const asked = query.trim();
    if (n === 0) say(message("none", { query: asked }));
    else if (n > shown.length) say(message("first", { shown: shown.length, total: n, query: asked }));
    else say(message(n === 1 ? "count-one" : "count-other", { n, query: asked }));
  };

  /** Keeps ?q= in the address, so a search can be shared and reloaded. */
  const remember = (query) => {
    try {
      const url = new URL(window.location.href);
      if (query.trim()) url.searchParams.set("q", query);
      else url.searchParams.delete("q");
      if (url.href !== window.location.href) window.history.replaceState(null, "", url.href);
    } catch {
      // Some browsers refuse for pages opened from disk; the search still works.
    }
  };

  let timer = 0;
  const run = () => {
    window.clearTimeout(timer);
    show(input.value);
    remember(input.value);
  };
  input.addEventListener("input", () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(run, DEBOUNCE_MS);
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    run();
  });

  const initial = new URLSearchParams(window.location.search).get("q");
  if (initial) input.value = initial;
  say(message("loading"));

  fetch(indexUrl.href)
    .then((response) => {
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      return response.json();
    })
    .then((data) => {
      if (!data || data.v !== FORMAT || !Array.isArray(data.docs) || !data.terms) {
        throw new Error("unknown index format");
      }
      const terms = new Map(Object.entries(data.terms));
      index = { docs: data.docs, terms, keys: Array.from(terms.keys()).sort() };
      form.dataset.ready = "true";
      say("");
      if (input.value) show(input.value);
    })
    .catch(() => {
      say(message(window.location.protocol === "file:" ? "from-disk" : "failed"));
    });
})();
