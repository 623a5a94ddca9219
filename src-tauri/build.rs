// The app manifest lists every command the webview may call; each gets an `allow-…` permission
// that capabilities/main.json grants explicitly. Nothing else is exposed.
fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(coopbook_app_commands::COMMANDS)),
    )
    .expect("tauri build");
}

mod coopbook_app_commands {
    include!("src/command_list.rs");
}
