//! The architecture test: the crate's modules depend on one another only
//! in the direction `docs/architecture.md` draws, and only the io layer
//! touches the file system.
//!
//! It reads every `use crate::…`, `crate::…` and `super::…` path in the
//! non-test code of `src/`, resolves each to the module it names, and
//! checks every edge against the layers below (an ArchUnit-style rule,
//! kept true by CI rather than by review). Run
//!
//! ```text
//! cargo test --test architecture -- --nocapture
//! ```
//!
//! to print the graph: every module with its level (1 + the longest chain
//! of imports below it), its imports, and any cycle.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

/// The layers, lowest first, each with the top-level modules it holds. A
/// module may use its own layer's modules and those of the layers listed
/// in its `may_use`; nothing else.
const LAYERS: &[Layer] = &[
    Layer {
        name: "text",
        modules: &["text", "diag"],
        may_use: &[],
    },
    Layer {
        name: "charts",
        modules: &["charts"],
        may_use: &["text"],
    },
    Layer {
        name: "domain",
        modules: &["domain"],
        may_use: &["text"],
    },
    Layer {
        name: "io",
        modules: &["io"],
        may_use: &["text", "domain"],
    },
    Layer {
        name: "input",
        modules: &["input"],
        may_use: &["text", "domain"],
    },
    Layer {
        name: "analysis",
        modules: &["analysis"],
        may_use: &["text", "domain"],
    },
    Layer {
        name: "render",
        modules: &["render"],
        may_use: &["text", "charts", "domain", "analysis"],
    },
    Layer {
        name: "publish",
        modules: &["publish"],
        may_use: &["text", "domain", "analysis", "render"],
    },
    Layer {
        name: "verify",
        modules: &["verify"],
        may_use: &["text", "domain"],
    },
    Layer {
        name: "sample",
        modules: &["sample"],
        may_use: &["text", "domain", "analysis"],
    },
    Layer {
        name: "pipeline",
        modules: &["pipeline"],
        may_use: &[
            "text", "charts", "domain", "io", "input", "analysis", "render", "publish", "verify",
        ],
    },
    Layer {
        name: "app",
        modules: &["app"],
        may_use: &[
            "text", "charts", "domain", "io", "input", "analysis", "render", "publish", "verify",
            "sample", "pipeline",
        ],
    },
];

/// Modules that may name `std::fs`: the io layer alone reads and writes.
const FILE_SYSTEM: &[&str] = &["io"];

struct Layer {
    name: &'static str,
    modules: &'static [&'static str],
    may_use: &'static [&'static str],
}

/// One module of the crate: its path (`render::views`) and the modules
/// its non-test code names.
struct Module {
    file: PathBuf,
    uses: BTreeSet<String>,
    touches_fs: bool,
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// `src/a/b.rs` and `src/a/b/mod.rs` are `a::b`; `lib.rs` is the crate
/// root, named `crate`.
fn module_path(file: &Path) -> String {
    let relative = file.strip_prefix(src()).expect("under src");
    let mut parts: Vec<String> = relative
        .iter()
        .map(|p| p.to_string_lossy().trim_end_matches(".rs").to_owned())
        .collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    if parts.len() == 1 && parts[0] == "lib" {
        return "crate".to_owned();
    }
    parts.join("::")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).expect("read src") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") && path != src().join("main.rs") {
            // main.rs is the binary, which only calls `rungs::app`.
            out.push(path);
        }
    }
}

/// The code of a file without its comments, its string literals and its
/// `#[cfg(test)]` items: what the compiled library depends on.
fn code_of(text: &str) -> String {
    let mut code = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '/' if chars.peek() == Some(&'/') => {
                for c in chars.by_ref() {
                    if c == '\n' {
                        code.push('\n');
                        break;
                    }
                }
            }
            '/' if chars.peek() == Some(&'*') => {
                let mut last = ' ';
                for c in chars.by_ref() {
                    if last == '*' && c == '/' {
                        break;
                    }
                    last = c;
                }
            }
            '"' => {
                let mut escaped = false;
                for c in chars.by_ref() {
                    if escaped {
                        escaped = false;
                    } else if c == '\\' {
                        escaped = true;
                    } else if c == '"' {
                        break;
                    }
                }
                code.push_str("\"\"");
            }
            // A char literal such as '"' or '{' must not open a string or
            // a group; lifetimes (`'a`) pass through unharmed.
            '\'' => {
                let rest: String = chars.clone().take(3).collect();
                let mut r = rest.chars();
                match (r.next(), r.next(), r.next()) {
                    (Some('\\'), _, _) => {
                        for c in chars.by_ref() {
                            if c == '\'' {
                                break;
                            }
                        }
                    }
                    (Some(_), Some('\''), _) => {
                        chars.next();
                        chars.next();
                    }
                    _ => code.push('\''),
                }
            }
            _ => code.push(c),
        }
    }
    without_test_items(&code)
}

/// Drops every item marked `#[cfg(test)]`: the attribute, then the item up
/// to its closing brace or semicolon.
fn without_test_items(code: &str) -> String {
    let mut out = String::with_capacity(code.len());
    let mut rest = code;
    while let Some(at) = rest.find("#[cfg(test)]") {
        out.push_str(&rest[..at]);
        rest = &rest[at + "#[cfg(test)]".len()..];
        let mut depth = 0usize;
        let mut end = rest.len();
        for (i, c) in rest.char_indices() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        end = i + 1;
                        break;
                    }
                }
                ';' if depth == 0 => {
                    end = i + 1;
                    break;
                }
                _ => {}
            }
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// Every path the code names from `prefix` (`crate` or `super`), with
/// `use` groups expanded: `crate::{a, b::{c, d}}` names `a`, `b::c`, `b::d`.
fn paths_after(code: &str, prefix: &str) -> Vec<String> {
    let needle = format!("{prefix}::");
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(at) = code[from..].find(&needle) {
        let start = from + at;
        from = start + needle.len();
        let before = code[..start].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        let mut paths = Vec::new();
        expand(&code[from..], String::new(), &mut paths);
        found.extend(paths);
    }
    found
}

/// Reads one path (or group) at the start of `text` onto `base`.
fn expand(text: &str, base: String, out: &mut Vec<String>) -> usize {
    let text_trimmed = text.trim_start();
    let skipped = text.len() - text_trimmed.len();
    if let Some(inner) = text_trimmed.strip_prefix('{') {
        let mut used = 1;
        let mut rest = inner;
        loop {
            let n = expand(rest, base.clone(), out);
            used += n;
            rest = &rest[n..];
            let trimmed = rest.trim_start();
            used += rest.len() - trimmed.len();
            rest = trimmed;
            if let Some(r) = rest.strip_prefix(',') {
                used += 1;
                rest = r;
            } else if let Some(_r) = rest.strip_prefix('}') {
                used += 1;
                return skipped + used;
            } else {
                return skipped + used;
            }
        }
    }
    let ident_len = text_trimmed
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(text_trimmed.len());
    let ident = &text_trimmed[..ident_len];
    let path = match (base.is_empty(), ident.is_empty()) {
        (_, true) => base,
        (true, false) => ident.to_owned(),
        (false, false) => format!("{base}::{ident}"),
    };
    let after = &text_trimmed[ident_len..];
    if let Some(next) = after.strip_prefix("::") {
        return skipped + ident_len + 2 + expand(next, path, out);
    }
    if !path.is_empty() && path != "self" {
        out.push(path.trim_end_matches("::self").to_owned());
    }
    skipped + ident_len
}

/// The longest known module that `path` lies in.
fn resolve(path: &str, modules: &BTreeMap<String, Module>) -> Option<String> {
    let parts: Vec<&str> = path.split("::").collect();
    (1..=parts.len())
        .rev()
        .map(|n| parts[..n].join("::"))
        .find(|p| modules.contains_key(p))
}

fn read_modules() -> BTreeMap<String, Module> {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    files.sort();
    let mut modules: BTreeMap<String, Module> = files
        .into_iter()
        .map(|file| {
            let name = module_path(&file);
            (
                name,
                Module {
                    file,
                    uses: BTreeSet::new(),
                    touches_fs: false,
                },
            )
        })
        .collect();
    // A module declared only under `#[cfg(test)]` (test helpers) is not
    // part of the library, so it is in no layer.
    let declared: BTreeSet<String> = modules
        .iter()
        .flat_map(|(name, module)| {
            let code = code_of(&fs::read_to_string(&module.file).expect("read a module"));
            declared_children(&code)
                .into_iter()
                .map(|child| match name.as_str() {
                    "crate" => child,
                    parent => format!("{parent}::{child}"),
                })
                .collect::<Vec<_>>()
        })
        .collect();
    modules.retain(|name, _| name == "crate" || declared.contains(name));
    let names: Vec<String> = modules.keys().cloned().collect();
    for name in names {
        let text = fs::read_to_string(&modules[&name].file).expect("read a module");
        let code = code_of(&text);
        let parent = name.rsplit_once("::").map(|(p, _)| p.to_owned());
        let mut targets: Vec<String> = paths_after(&code, "crate");
        if let Some(parent) = &parent {
            targets.extend(
                paths_after(&code, "super")
                    .into_iter()
                    .map(|p| format!("{parent}::{p}")),
            );
        }
        let uses: BTreeSet<String> = targets
            .iter()
            .filter_map(|p| resolve(p, &modules))
            .filter(|m| *m != name && !name.starts_with(&format!("{m}::")))
            .collect();
        let touches_fs = code.contains("std::fs") || code.contains("fs::File");
        let module = modules.get_mut(&name).expect("known");
        module.uses = uses;
        module.touches_fs = touches_fs;
    }
    modules
}

/// The modules `code` declares with `mod name;` (outside tests).
fn declared_children(code: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = code;
    while let Some(at) = rest.find("mod ") {
        let before = rest[..at].chars().next_back();
        let after = &rest[at + 4..];
        rest = after;
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        let name_len = after
            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(after.len());
        if after[name_len..].trim_start().starts_with(';') && name_len > 0 {
            found.push(after[..name_len].to_owned());
        }
    }
    found
}

fn top(module: &str) -> &str {
    module.split("::").next().unwrap_or(module)
}

fn layer_of(module: &str) -> Option<&'static Layer> {
    LAYERS.iter().find(|l| l.modules.contains(&top(module)))
}

/// Strongly connected components of more than one module (Tarjan).
fn cycles(modules: &BTreeMap<String, Module>) -> Vec<Vec<String>> {
    struct Tarjan<'a> {
        modules: &'a BTreeMap<String, Module>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on_stack: BTreeSet<&'a str>,
        found: Vec<Vec<String>>,
    }
    impl<'a> Tarjan<'a> {
        fn visit(&mut self, v: &'a str) {
            let i = self.index.len();
            self.index.insert(v, i);
            self.low.insert(v, i);
            self.stack.push(v);
            self.on_stack.insert(v);
            for w in &self.modules[v].uses {
                let w = w.as_str();
                if !self.index.contains_key(w) {
                    self.visit(w);
                    let lw = self.low[w];
                    let lv = self.low.get_mut(v).expect("visited");
                    *lv = (*lv).min(lw);
                } else if self.on_stack.contains(w) {
                    let iw = self.index[w];
                    let lv = self.low.get_mut(v).expect("visited");
                    *lv = (*lv).min(iw);
                }
            }
            if self.low[v] == self.index[v] {
                let mut component = Vec::new();
                while let Some(w) = self.stack.pop() {
                    self.on_stack.remove(w);
                    component.push(w.to_owned());
                    if w == v {
                        break;
                    }
                }
                if component.len() > 1 {
                    component.sort();
                    self.found.push(component);
                }
            }
        }
    }
    let mut t = Tarjan {
        modules,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        found: Vec::new(),
    };
    for v in modules.keys() {
        if !t.index.contains_key(v.as_str()) {
            t.visit(v);
        }
    }
    t.found
}

/// 1 + the longest chain of imports below each module (cycles cut).
fn levels(modules: &BTreeMap<String, Module>) -> BTreeMap<String, usize> {
    fn level(
        m: &str,
        modules: &BTreeMap<String, Module>,
        memo: &mut BTreeMap<String, usize>,
        path: &mut BTreeSet<String>,
    ) -> usize {
        if let Some(&l) = memo.get(m) {
            return l;
        }
        path.insert(m.to_owned());
        let mut l = 1;
        for u in &modules[m].uses {
            if !path.contains(u) {
                l = l.max(1 + level(u, modules, memo, path));
            }
        }
        path.remove(m);
        memo.insert(m.to_owned(), l);
        l
    }
    let mut memo = BTreeMap::new();
    for m in modules.keys() {
        level(m, modules, &mut memo, &mut BTreeSet::new());
    }
    memo
}

fn graph(modules: &BTreeMap<String, Module>) -> String {
    let levels = levels(modules);
    let mut out = String::new();
    let deepest = levels.values().copied().max().unwrap_or(0);
    let _ = writeln!(
        out,
        "{} modules on {deepest} levels of imports",
        modules.len()
    );
    for level in (1..=deepest).rev() {
        for (m, module) in modules {
            if levels[m] == level {
                let uses: Vec<&str> = module.uses.iter().map(String::as_str).collect();
                let _ = writeln!(out, "{level:>3}  {m} -> {}", uses.join(", "));
            }
        }
    }
    for c in cycles(modules) {
        let _ = writeln!(out, "cycle: {}", c.join(" ⇄ "));
    }
    out
}

#[test]
fn dependencies_point_one_way_and_only_io_touches_files() {
    let modules = read_modules();
    println!("{}", graph(&modules));
    let mut wrong = Vec::new();
    for (name, module) in &modules {
        if name == "crate" {
            continue;
        }
        let Some(from) = layer_of(name) else {
            wrong.push(format!(
                "{name} ({}) is in no layer: add it to LAYERS",
                module.file.display()
            ));
            continue;
        };
        for used in &module.uses {
            if used == "crate" {
                continue;
            }
            let Some(to) = layer_of(used) else { continue };
            if to.name != from.name && !from.may_use.contains(&to.name) {
                wrong.push(format!(
                    "{name} ({}) uses {used} ({}), against the direction of the layers",
                    from.name, to.name
                ));
            }
        }
        if module.touches_fs && !FILE_SYSTEM.contains(&top(name)) {
            wrong.push(format!(
                "{name} names std::fs: only the io layer touches the file system"
            ));
        }
    }
    let cycles = cycles(&modules);
    for c in &cycles {
        wrong.push(format!("import cycle: {}", c.join(" ⇄ ")));
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_reader_sees_groups_comments_and_tests_as_the_compiler_does() {
    let code = code_of(
        "use crate::{a, b::{c, d::E}};\n// use crate::x;\nlet s = \"crate::y\";\n\
         let q = '{';\nfn f() { crate::g::h(); super::i::J }\n#[cfg(test)]\nmod tests { use crate::z; }\n",
    );
    let mut paths = paths_after(&code, "crate");
    paths.sort();
    assert_eq!(paths, ["a", "b::c", "b::d::E", "g::h"]);
    assert_eq!(paths_after(&code, "super"), ["i::J"]);
}
