//! The module graph of a crate, read from its sources: each file's module path and the modules it
//! refers to through `crate::` and `super::` paths. Shared by the crates' architecture tests.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

/// Every source file under `src/` as its module path (`store::feedback`, `lib` for the root).
pub fn modules(dir: &Path, prefix: &[String], out: &mut BTreeMap<String, String>) {
    let mut entries: Vec<_> = fs::read_dir(dir)
        .expect("src is readable")
        .flatten()
        .collect();
    entries.sort_by_key(std::fs::DirEntry::path);
    for entry in entries {
        let path = entry.path();
        let name = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default()
            .to_owned();
        if path.is_dir() {
            let mut inner = prefix.to_vec();
            inner.push(name);
            modules(&path, &inner, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let mut module = prefix.to_vec();
            if name != "mod" && !(prefix.is_empty() && name == "lib") {
                module.push(name);
            }
            let key = if module.is_empty() {
                "crate".to_owned()
            } else {
                module.join("::")
            };
            out.insert(
                key,
                fs::read_to_string(&path).expect("a source file is readable"),
            );
        }
    }
}

/// The modules `source` (of module `me`) refers to through `crate::…` and `super::…` paths,
/// resolved to the longest known module, leaving out `me` and the modules it contains.
pub fn imports(me: &str, source: &str, known: &BTreeSet<String>) -> BTreeSet<String> {
    let parent = me.rsplit_once("::").map_or("crate", |(p, _)| p);
    let mut found = BTreeSet::new();
    // Strip line comments: a path named in prose is not an import.
    let code: String = source
        .lines()
        .map(|l| l.split("//").next().unwrap_or_default())
        .collect::<Vec<_>>()
        .join("\n");
    for (anchor, base) in [
        ("crate::", String::new()),
        ("super::", format!("{parent}::")),
    ] {
        for (at, _) in code.match_indices(anchor) {
            let rest = &code[at + anchor.len()..];
            // `crate::{a, b::c}` groups: each item is a path of its own.
            let paths: Vec<String> = if let Some(group) = rest.strip_prefix('{') {
                group
                    .split('}')
                    .next()
                    .unwrap_or_default()
                    .split(',')
                    .map(|p| p.trim().to_owned())
                    .collect()
            } else {
                vec![rest
                    .split(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
                    .next()
                    .unwrap_or_default()
                    .to_owned()]
            };
            for path in paths {
                let path = path
                    .split(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
                    .next()
                    .unwrap_or_default();
                let full = format!("{}{}", base.trim_start_matches("crate::"), path);
                let mut segments: Vec<&str> = full
                    .split("::")
                    .filter(|s| !s.is_empty() && *s != "self")
                    .collect();
                while !segments.is_empty() {
                    let candidate = segments.join("::");
                    if known.contains(&candidate) {
                        if candidate != me
                            && !candidate.starts_with(&format!("{me}::"))
                            && !me.starts_with(&format!("{candidate}::"))
                        {
                            found.insert(candidate);
                        }
                        break;
                    }
                    segments.pop();
                }
            }
        }
    }
    found
}

/// The first import cycle among `sources` (module path → source), if there is one.
pub fn first_cycle(sources: &BTreeMap<String, String>) -> Option<Vec<String>> {
    let known: BTreeSet<String> = sources.keys().cloned().collect();
    let graph: BTreeMap<&str, BTreeSet<String>> = sources
        .iter()
        .map(|(module, source)| (module.as_str(), imports(module, source, &known)))
        .collect();
    for start in graph.keys() {
        let mut seen = BTreeSet::new();
        let mut stack: Vec<(String, Vec<String>)> = graph[start]
            .iter()
            .map(|m| (m.clone(), vec![(*start).to_owned(), m.clone()]))
            .collect();
        while let Some((module, path)) = stack.pop() {
            if module == *start {
                return Some(path);
            }
            if !seen.insert(module.clone()) {
                continue;
            }
            for next in graph.get(module.as_str()).into_iter().flatten() {
                let mut longer = path.clone();
                longer.push(next.clone());
                stack.push((next.clone(), longer));
            }
        }
    }
    None
}

/// Every module of the crate at `manifest_dir`, with its source.
pub fn crate_sources(manifest_dir: &str) -> BTreeMap<String, String> {
    let mut sources = BTreeMap::new();
    modules(&Path::new(manifest_dir).join("src"), &[], &mut sources);
    sources
}
