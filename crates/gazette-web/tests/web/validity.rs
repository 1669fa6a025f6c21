//! Every kind of page is valid HTML5 by the W3C's Nu HTML Checker, when it is available.
//!
//! The checker is a Java program (`vnu.jar`, from the npm package `vnu-jar`). Set
//! `GAZETTE_HTML_VALIDATOR` to the jar's path to run this test; `.ci/run` does. Without it
//! the test says it was skipped; the parse-error checks in the other tests still run.

use crate::page_tour::every_kind_of_page;
use std::io::Write as _;

const VALIDATOR_VARIABLE: &str = "GAZETTE_HTML_VALIDATOR";

#[tokio::test]
async fn every_page_passes_the_nu_html_checker() {
    let Ok(validator) = std::env::var(VALIDATOR_VARIABLE) else {
        let _ = writeln!(
            std::io::stderr(),
            "NOTE: HTML validation is skipped because {VALIDATOR_VARIABLE} (the path of vnu.jar) is not set"
        );
        return;
    };
    let folder = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for page in every_kind_of_page().await {
        let path = folder.path().join(page.file);
        std::fs::write(&path, page.body).unwrap();
        files.push(path);
    }
    let output = std::process::Command::new("java")
        .arg("-jar")
        .arg(&validator)
        .args(["--errors-only", "--format", "text"])
        .args(&files)
        .output()
        .unwrap_or_else(|error| panic!("cannot run java -jar {validator}: {error}"));
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        output.status.success(),
        "the Nu HTML Checker found errors:\n{report}"
    );
}
