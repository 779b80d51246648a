fn main() {
    // Capabilities live in the top-level `capabilities/` folder (fixed by the product card), not in src-tauri.
    println!("cargo:rerun-if-changed=../capabilities");
    println!("cargo:rerun-if-changed=../icons");
    println!("cargo:rerun-if-changed=../src-ui/dist");
    let attributes = tauri_build::Attributes::new()
        .capabilities_path_pattern("../capabilities/**/*.json")
        .app_manifest(tauri_build::AppManifest::new().commands(&floordesk_protocol::ipc::COMMANDS));
    tauri_build::try_build(attributes).expect("tauri-build failed; is src-ui/dist built (cargo xtask test / run)?");
}
