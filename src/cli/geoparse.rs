//! `mapwire geoparse`: the places a document names, as JSON.

use std::io::{BufRead, BufWriter, Read, Write};
use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use mapwire::documents::{Document, decode_text};
use mapwire::geoparse::{Geoparser, Mention};
use serde::{Deserialize, Serialize};

#[derive(Serialize)]
struct Mentions<'a> {
    mentions: &'a [Mention],
}

pub fn file(path: PathBuf) -> Result<()> {
    let doc = if path.as_os_str() == "-" {
        let mut bytes = Vec::new();
        std::io::stdin()
            .read_to_end(&mut bytes)
            .context("<stdin>: cannot read")?;
        let text = decode_text(&bytes).map_err(|e| e.at("<stdin>"))?;
        Document::parse("stdin", text)
    } else {
        Document::read(&path)?
    };
    for w in &doc.warnings {
        tracing::warn!("{}:{}: {}", path.display(), w.line, w.message);
    }
    let mentions = Geoparser::builtin().parse_document(&doc);
    let mut out = BufWriter::new(std::io::stdout().lock());
    serde_json::to_writer(
        &mut out,
        &Mentions {
            mentions: &mentions,
        },
    )?;
    writeln!(out)?;
    Ok(())
}

#[derive(Deserialize)]
struct JsonlIn {
    id: serde_json::Value,
    text: String,
}

#[derive(Serialize)]
struct JsonlOut<'a> {
    id: serde_json::Value,
    mentions: &'a [Mention],
}

pub fn jsonl() -> Result<()> {
    let parser = Geoparser::builtin();
    let stdin = std::io::stdin().lock();
    let mut out = BufWriter::new(std::io::stdout().lock());
    for (n, line) in stdin.lines().enumerate() {
        let line = line.with_context(|| format!("<stdin> line {}: not UTF-8 text", n + 1))?;
        if line.trim().is_empty() {
            continue;
        }
        let input: JsonlIn = match serde_json::from_str(&line) {
            Ok(v) => v,
            Err(e) => bail!("<stdin> line {}: expected {{\"id\", \"text\"}}: {e}", n + 1),
        };
        let mentions = parser.parse(&input.text);
        serde_json::to_writer(
            &mut out,
            &JsonlOut {
                id: input.id,
                mentions: &mentions,
            },
        )?;
        writeln!(out)?;
    }
    out.flush()?;
    Ok(())
}
