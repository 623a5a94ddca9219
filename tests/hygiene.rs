//! Money is exact: no `f32`/`f64` anywhere in the core's sources; every Rust line fits 120
//! characters; the app exposes exactly its commands.

#[test]
fn no_floating_point_in_the_core() {
    let mut offenders = Vec::new();
    let mut stack = vec![std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/src"))];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                let text = std::fs::read_to_string(&p).unwrap();
                for (i, line) in text.lines().enumerate() {
                    let code = line.split("//").next().unwrap_or("");
                    if code.split(|c: char| !c.is_alphanumeric() && c != '_').any(|w| w == "f32" || w == "f64") {
                        offenders.push(format!("{}:{}: {line}", p.display(), i + 1));
                    }
                }
            }
        }
    }
    assert!(offenders.is_empty(), "floating point in money code:\n{}", offenders.join("\n"));
}

/// Every command the app registers is in the command list, and the one capability grants exactly
/// those (plus nothing from fs, shell or http).
#[test]
fn the_app_exposes_exactly_its_commands() {
    let root = env!("CARGO_MANIFEST_DIR");
    let read = |p: &str| std::fs::read_to_string(format!("{root}/{p}")).unwrap();
    let mut listed: Vec<String> = read("src-tauri/src/command_list.rs")
        .lines()
        .filter_map(|l| l.trim().strip_prefix('"').and_then(|l| l.strip_suffix("\",")))
        .map(str::to_string)
        .collect();
    let lib = read("src-tauri/src/lib.rs");
    let mut handled: Vec<String> =
        lib.split("commands::").skip(1).filter_map(|s| s.split(',').next()).map(|s| s.trim().to_string()).collect();
    let cap: serde_json::Value = serde_json::from_str(&read("src-tauri/capabilities/main.json")).unwrap();
    let perms: Vec<String> =
        cap["permissions"].as_array().unwrap().iter().map(|p| p.as_str().unwrap().to_string()).collect();
    let mut granted: Vec<String> =
        perms.iter().filter_map(|p| p.strip_prefix("allow-")).map(|p| p.replace('-', "_")).collect();
    listed.sort();
    handled.sort();
    granted.sort();
    assert_eq!(listed, handled, "command_list.rs and the invoke handler differ");
    assert_eq!(listed, granted, "the capability grants other commands than the list");
    assert!(perms.iter().all(|p| p.starts_with("allow-") || p.starts_with("core:")), "{perms:?}");
    assert!(!perms.iter().any(|p| p.contains("fs:") || p.contains("shell:") || p.contains("http:")));
    assert!(listed.len() >= 50);
}

/// No line of Rust over 120 characters (rustfmt keeps code to that width; strings, comments and
/// macro bodies it cannot break are held to it here), in the core, the CLI, the shell, the tests,
/// the benches and the fuzz targets.
#[test]
fn no_rust_line_is_over_120_characters() {
    let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut stack: Vec<_> =
        ["src", "src-tauri/src", "tests", "benches", "fuzz/fuzz_targets"].iter().map(|d| root.join(d)).collect();
    let mut long = Vec::new();
    let mut files = 0;
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for e in entries {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                files += 1;
                for (i, line) in std::fs::read_to_string(&p).unwrap().lines().enumerate() {
                    let n = line.chars().count();
                    if n > 120 {
                        long.push(format!("{}:{}: {n} characters", p.strip_prefix(&root).unwrap().display(), i + 1));
                    }
                }
            }
        }
    }
    assert!(files > 100, "only {files} Rust files found");
    assert!(long.is_empty(), "lines over 120 characters:\n{}", long.join("\n"));
}
