//! Helpers shared by the end-to-end suites.
#![allow(dead_code)]

use std::path::Path;
use std::process::{Command, Output};

/// Runs the `sanwu` binary built for these tests.
pub fn sanwu(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sanwu"))
        .args(args)
        .output()
        .expect("run sanwu")
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Copies a folder tree (a site fixture) into `to`.
pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let dest = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(entry.path(), &dest).unwrap();
        }
    }
}
