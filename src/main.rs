//! The `mapwire` command line: a thin edge over the library.

use std::io::{BufRead, BufWriter, Read, Write};
use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use clap::{Parser, Subcommand};
use mapwire::documents::{Document, decode_text};
use mapwire::geoparse::{Geoparser, Mention};
use serde::{Deserialize, Serialize};

#[derive(Parser)]
#[command(name = "mapwire", version, about = "News documents in, map layers out")]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Run the map server on the built-in data (the default command).
    Serve,
    /// Print the places a document names, as JSON.
    Geoparse {
        /// A document file, or `-` for standard input.
        #[arg(required_unless_present = "jsonl")]
        file: Option<PathBuf>,
        /// Read `{"id","text"}` objects, one a line, from standard input and
        /// write `{"id","mentions"}` objects, one a line, in the same order.
        #[arg(long, conflicts_with = "file")]
        jsonl: bool,
    },
}

fn main() -> Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "mapwire=info".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => {
            tracing::warn!("the server is not built yet");
            Ok(())
        }
        Command::Geoparse { jsonl: true, .. } => geoparse_jsonl(),
        Command::Geoparse { file, .. } => geoparse_file(file.unwrap_or_else(|| "-".into())),
    }
}

#[derive(Serialize)]
struct Mentions<'a> {
    mentions: &'a [Mention],
}

fn geoparse_file(path: PathBuf) -> Result<()> {
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

fn geoparse_jsonl() -> Result<()> {
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
