//! The core's layers hold: `src/lib.rs` declares the layers lowest first; a module may use its own
//! layer's modules and the layers declared before its own, never a later one, and no module
//! reaches itself through a circle of imports. A "module" here is a layer's child (`ledger::voucher`,
//! `io::print` with its own children) or a one-file layer (`reversal`).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const SRC: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/src");

/// The layers in the order `src/lib.rs` declares them.
fn layers() -> Vec<String> {
    let lib = std::fs::read_to_string(format!("{SRC}/lib.rs")).unwrap();
    lib.lines().filter_map(|l| l.strip_prefix("pub mod ")?.split(';').next()).map(str::to_string).collect()
}

fn rs_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rs_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// `src/io/print/layout.rs` → `["io", "print", "layout"]`; `src/ledger/mod.rs` → `["ledger"]`.
fn module_path(file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(SRC).unwrap().with_extension("");
    let mut parts: Vec<String> = rel.iter().map(|s| s.to_string_lossy().into_owned()).collect();
    if parts.last().is_some_and(|l| l == "mod") {
        parts.pop();
    }
    parts
}

/// The unit a module path belongs to: the layer's child, or the layer itself when it is one file.
fn unit(path: &[String], single_file_layers: &BTreeSet<String>) -> Option<String> {
    match path {
        [] => None,
        [layer, ..] if single_file_layers.contains(layer) => Some(layer.clone()),
        [_] => None,
        [layer, module, ..] => Some(format!("{layer}::{module}")),
    }
}

/// The code of a file without its comments (doc links name modules they do not use) and without
/// its unit tests (their `super::` is the file itself).
fn code_of(text: &str) -> String {
    let text = text.split("#[cfg(test)]").next().unwrap_or("");
    text.lines().map(|l| l.split("//").next().unwrap_or("")).collect::<Vec<_>>().join("\n")
}

/// Every path a file names through `crate::` (groups `crate::{a::b, c}` expanded) or `super::`,
/// resolved to an absolute module path.
fn referenced(text: &str, own: &[String], is_mod_rs: bool) -> Vec<Vec<String>> {
    let code = code_of(text);
    let ident = |s: &str| s.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect::<String>();
    let mut out = Vec::new();
    let read_path = |mut rest: &str, mut base: Vec<String>, out: &mut Vec<Vec<String>>| loop {
        rest = rest.trim_start();
        if let Some(group) = rest.strip_prefix('{') {
            let mut depth = 1;
            let end = group
                .char_indices()
                .find(|&(_, c)| {
                    depth += match c {
                        '{' => 1,
                        '}' => -1,
                        _ => 0,
                    };
                    depth == 0
                })
                .map(|(i, _)| i)
                .unwrap_or(group.len());
            let mut item = String::new();
            let mut d = 0;
            let mut items = Vec::new();
            for c in group[..end].chars() {
                match c {
                    '{' => d += 1,
                    '}' => d -= 1,
                    ',' if d == 0 => {
                        items.push(std::mem::take(&mut item));
                        continue;
                    }
                    _ => {}
                }
                item.push(c);
            }
            items.push(item);
            for it in items {
                let mut p = base.clone();
                for seg in it.trim().split("::").take(2) {
                    let s = ident(seg.trim());
                    if !s.is_empty() && s != "self" {
                        p.push(s);
                    }
                }
                out.push(p);
            }
            return;
        }
        let seg = ident(rest);
        if seg.is_empty() {
            out.push(base);
            return;
        }
        base.push(seg.clone());
        rest = &rest[seg.len()..];
        match rest.strip_prefix("::") {
            Some(r) if base.len() < 3 => rest = r,
            _ => {
                out.push(base);
                return;
            }
        }
    };
    for (i, _) in code.match_indices("crate::") {
        let before = code[..i].chars().last();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        read_path(&code[i + "crate::".len()..], Vec::new(), &mut out);
    }
    for (i, _) in code.match_indices("super::") {
        let before = code[..i].chars().last();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
            continue;
        }
        // `super` of a file `a/b.rs` (module a::b) is `a`; of `a/b/mod.rs` (module a::b) also `a`.
        let _ = is_mod_rs;
        let parent = own[..own.len().saturating_sub(1)].to_vec();
        read_path(&code[i + "super::".len()..], parent, &mut out);
    }
    out
}

/// What the crate root re-exports, by the module that defines it.
fn root_item(name: &str) -> Option<&'static str> {
    match name {
        "Book" | "Mode" => Some("store::book"),
        "Error" | "ErrorBody" | "Result" => Some("base::error"),
        "Money" => Some("base::money"),
        _ => None,
    }
}

/// The units each unit uses.
fn graph() -> (Vec<String>, BTreeMap<String, BTreeSet<String>>) {
    let layers = layers();
    let single: BTreeSet<String> =
        layers.iter().filter(|l| Path::new(&format!("{SRC}/{l}.rs")).is_file()).cloned().collect();
    let mut files = Vec::new();
    rs_files(Path::new(SRC), &mut files);
    let mut uses: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for f in files {
        let path = module_path(&f);
        if path.first().is_some_and(|p| p == "bin" || p == "lib") {
            continue;
        }
        let Some(from) = unit(&path, &single) else { continue };
        let text = std::fs::read_to_string(&f).unwrap();
        let is_mod_rs = f.file_name().is_some_and(|n| n == "mod.rs");
        let entry = uses.entry(from.clone()).or_default();
        for r in referenced(&text, &path, is_mod_rs) {
            let target = match r.first().and_then(|first| root_item(first)) {
                Some(m) => m.to_string(),
                None => match unit(&r, &single) {
                    Some(u) => u,
                    None => continue,
                },
            };
            if target != from {
                entry.insert(target);
            }
        }
    }
    (layers, uses)
}

fn layer_of(unit: &str, layers: &[String]) -> usize {
    let layer = unit.split("::").next().unwrap();
    layers.iter().position(|l| l == layer).unwrap_or_else(|| panic!("{unit} is in no layer of lib.rs"))
}

#[test]
fn no_module_uses_a_higher_layer() {
    let (layers, uses) = graph();
    assert!(layers.len() >= 8, "{layers:?}");
    let mut wrong = Vec::new();
    for (from, tos) in &uses {
        for to in tos {
            if layer_of(to, &layers) > layer_of(from, &layers) {
                wrong.push(format!("{from} uses {to}"));
            }
        }
    }
    assert!(wrong.is_empty(), "a lower layer uses a higher one:\n{}", wrong.join("\n"));
}

/// Finds the import circles (strongly connected components of more than one module).
fn circles(uses: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    // Tarjan's algorithm.
    struct S<'a> {
        uses: &'a BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on: BTreeSet<&'a str>,
        next: usize,
        found: Vec<Vec<String>>,
    }
    fn visit<'a>(s: &mut S<'a>, v: &'a str) {
        s.index.insert(v, s.next);
        s.low.insert(v, s.next);
        s.next += 1;
        s.stack.push(v);
        s.on.insert(v);
        if let Some(ws) = s.uses.get(v) {
            for w in ws {
                let w = w.as_str();
                if !s.index.contains_key(w) {
                    visit(s, w);
                    let lw = s.low[w];
                    let lv = s.low.get_mut(v).unwrap();
                    *lv = (*lv).min(lw);
                } else if s.on.contains(w) {
                    let iw = s.index[w];
                    let lv = s.low.get_mut(v).unwrap();
                    *lv = (*lv).min(iw);
                }
            }
        }
        if s.low[v] == s.index[v] {
            let mut comp = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on.remove(w);
                comp.push(w.to_string());
                if w == v {
                    break;
                }
            }
            if comp.len() > 1 {
                comp.sort();
                s.found.push(comp);
            }
        }
    }
    let mut s = S {
        uses,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on: BTreeSet::new(),
        next: 0,
        found: Vec::new(),
    };
    for v in uses.keys() {
        if !s.index.contains_key(v.as_str()) {
            visit(&mut s, v);
        }
    }
    s.found
}

#[test]
fn no_import_circle_between_modules() {
    let (_, uses) = graph();
    let found = circles(&uses);
    assert!(
        found.is_empty(),
        "import circles:\n{}",
        found.iter().map(|c| c.join(" ↔ ")).collect::<Vec<_>>().join("\n")
    );
}

/// The test itself finds what it must: a circle and a climb are caught.
#[test]
fn the_layer_check_catches_a_circle_and_a_climb() {
    let mut uses: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    uses.entry("ledger::voucher".into()).or_default().insert("ledger::member".into());
    uses.entry("ledger::member".into()).or_default().insert("ledger::voucher".into());
    uses.entry("base::money".into()).or_default();
    assert_eq!(circles(&uses), vec![vec!["ledger::member".to_string(), "ledger::voucher".to_string()]]);
    let layers = layers();
    assert!(layer_of("yearend::distribution", &layers) > layer_of("ledger::voucher", &layers));
    let refs =
        referenced("use crate::{base::date, Book};\nuse super::layout::Sheet;", &["io".into(), "print".into()], false);
    assert_eq!(
        refs,
        vec![
            vec!["base".to_string(), "date".to_string()],
            vec!["Book".to_string()],
            vec!["io".to_string(), "layout".to_string(), "Sheet".to_string()]
        ]
    );
}
