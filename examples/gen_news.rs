//! Writes generated ~2 KB news documents for the store benchmarks:
//!
//!     cargo run --release --example gen_news -- DIR COUNT [SEED]
//!
//! The same seed gives the same files (see `tests/binary/news.rs`).
#![allow(clippy::unwrap_used, clippy::print_stdout)]

#[path = "../tests/binary/news.rs"]
mod news;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(dir), Some(count)) = (args.first(), args.get(1).and_then(|c| c.parse().ok())) else {
        eprintln!("usage: gen_news DIR COUNT [SEED]");
        std::process::exit(2);
    };
    let seed = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(1);
    news::write_dir(std::path::Path::new(dir), seed, count).unwrap();
    println!("wrote {count} documents to {dir}");
}
