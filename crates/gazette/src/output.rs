//! Writing results for people and scripts: plain lines and tables on standard output,
//! JSON when asked, errors as one sentence on standard error.

use serde::Serialize;
use std::io::Write as _;

/// Prints one line on standard output.
pub fn line(text: &str) {
    let mut stdout = std::io::stdout().lock();
    let _ = writeln!(stdout, "{text}");
}

/// Prints `value` as pretty JSON on standard output.
pub fn json(value: &impl Serialize) -> Result<(), String> {
    let text = serde_json::to_string_pretty(value)
        .map_err(|error| format!("could not write JSON: {error}"))?;
    line(&text);
    Ok(())
}

/// Prints how a long command is getting on, on standard error, so that standard output
/// holds only its result.
pub fn progress(text: &str) {
    let mut stderr = std::io::stderr().lock();
    let _ = writeln!(stderr, "{text}");
}

/// Prints an error sentence on standard error.
pub fn error(message: &str) {
    let mut stderr = std::io::stderr().lock();
    let _ = writeln!(stderr, "error: {message}");
}

/// Prints rows as a table with aligned columns; the last column is not padded.
pub fn table(headings: &[&str], rows: &[Vec<String>]) {
    let mut widths: Vec<usize> = headings
        .iter()
        .map(|heading| heading.chars().count())
        .collect();
    for row in rows {
        for (index, cell) in row.iter().enumerate() {
            widths[index] = widths[index].max(cell.chars().count());
        }
    }
    let render = |cells: Vec<&str>| {
        let last = cells.len().saturating_sub(1);
        cells
            .iter()
            .enumerate()
            .map(|(index, cell)| {
                if index == last {
                    (*cell).to_owned()
                } else {
                    format!("{cell:<width$}", width = widths[index])
                }
            })
            .collect::<Vec<_>>()
            .join("  ")
            .trim_end()
            .to_owned()
    };
    line(&render(headings.to_vec()));
    for row in rows {
        line(&render(row.iter().map(String::as_str).collect()));
    }
}

/// `text` cut to `limit` characters on one line, with `…` when cut.
pub fn short(text: &str, limit: usize) -> String {
    let single_line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if single_line.chars().count() <= limit {
        single_line
    } else {
        format!(
            "{}…",
            single_line
                .chars()
                .take(limit.saturating_sub(1))
                .collect::<String>()
        )
    }
}
