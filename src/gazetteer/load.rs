//! Parsing the embedded gazetteer files: gzip-compressed TSV written by
//! `scripts/build_gazetteer.py`. Start-up time is spent here, so the name
//! index keeps every name's meanings in one shared pool instead of one
//! allocation per name.

use std::io::Read;
use std::ops::Range;

use ahash::{AHashMap as HashMap, AHashSet as HashSet};

use super::{Entry, Form, GazetteerError, Kind, Place};

/// Name key → its meanings, pooled.
#[derive(Debug, Default)]
pub(super) struct NameIndex {
    keys: HashMap<Box<str>, (u32, u32)>,
    pool: Vec<Entry>,
    max_words: usize,
    max_row: u32,
}

impl NameIndex {
    pub(super) fn get(&self, key: &str) -> &[Entry] {
        match self.keys.get(key) {
            Some(&(start, len)) => &self.pool[start as usize..(start + len) as usize],
            None => &[],
        }
    }

    /// The most words any name has: bounds the phrase lengths looked up.
    pub(super) fn max_words(&self) -> usize {
        self.max_words
    }

    /// Every (key, meanings) pair.
    pub(super) fn iter(&self) -> impl Iterator<Item = (&str, &[Entry])> {
        self.keys
            .iter()
            .map(|(k, &(start, len))| (&**k, &self.pool[start as usize..(start + len) as usize]))
    }

    /// Every meaning must point at a place.
    pub(super) fn check(&self, places: usize) -> Result<(), GazetteerError> {
        if !self.pool.is_empty() && self.max_row as usize >= places {
            return Err(GazetteerError::Corrupt {
                file: "names.tsv.gz",
                reason: format!("row {} out of range ({places} places)", self.max_row),
            });
        }
        Ok(())
    }
}

/// A worker thread's result; a panic in one is a broken build, reported
/// as corrupt data rather than passed on.
pub(super) fn joined<T>(
    handle: std::thread::ScopedJoinHandle<'_, Result<T, GazetteerError>>,
) -> Result<T, GazetteerError> {
    handle.join().unwrap_or_else(|_| {
        Err(GazetteerError::Corrupt {
            file: "gazetteer",
            reason: "loader thread failed".into(),
        })
    })
}

fn gunzip(file: &'static str, bytes: &[u8]) -> Result<String, GazetteerError> {
    let mut text = String::with_capacity(bytes.len() * 4);
    flate2::read::GzDecoder::new(bytes)
        .read_to_string(&mut text)
        .map_err(|e| GazetteerError::Corrupt {
            file,
            reason: e.to_string(),
        })?;
    Ok(text)
}

fn corrupt(file: &'static str, line: usize, what: &str) -> GazetteerError {
    GazetteerError::Corrupt {
        file,
        reason: format!("line {}: {what}", line + 1),
    }
}

/// `places.tsv.gz`: id, kind, name, country, admin1 name, admin1 code,
/// admin2 code, lat, lon, population, flags.
pub(super) fn places(gz: &[u8]) -> Result<Vec<Place>, GazetteerError> {
    const FILE: &str = "places.tsv.gz";
    let t = std::time::Instant::now();
    let text = gunzip(FILE, gz)?;
    tracing::debug!(unzipped = ?t.elapsed(), "places");
    let mut places = Vec::with_capacity(text.len() / 70);
    for (n, line) in text.lines().enumerate() {
        let mut f = [""; 11];
        let mut fields = line.split('\t');
        for slot in &mut f {
            *slot = fields
                .next()
                .ok_or_else(|| corrupt(FILE, n, "expected 11 fields"))?;
        }
        if fields.next().is_some() {
            return Err(corrupt(FILE, n, "expected 11 fields"));
        }
        let number = |s: &str| s.parse::<f64>().map_err(|_| corrupt(FILE, n, "bad number"));
        places.push(Place {
            id: f[0].to_string(),
            kind: Kind::parse(f[1]).ok_or_else(|| corrupt(FILE, n, "unknown kind"))?,
            name: f[2].to_string(),
            country: f[3].to_string(),
            admin1: f[4].to_string(),
            admin1_code: f[5].into(),
            admin2_code: f[6].into(),
            lat: number(f[7])?,
            lon: number(f[8])?,
            population: f[9]
                .parse()
                .map_err(|_| corrupt(FILE, n, "bad population"))?,
            capital: f[10].contains('c'),
            common_word: f[10].contains('w'),
        });
    }
    tracing::debug!(parsed = ?t.elapsed(), "places");
    Ok(places)
}

/// `names.tsv.gz`: key, then "row:form" entries separated by commas.
pub(super) fn names(gz: &[u8]) -> Result<NameIndex, GazetteerError> {
    const FILE: &str = "names.tsv.gz";
    let t = std::time::Instant::now();
    let text = gunzip(FILE, gz)?;
    tracing::debug!(unzipped = ?t.elapsed(), "names");
    let lines = text.lines().count();
    let mut index = NameIndex {
        keys: HashMap::with_capacity(lines),
        pool: Vec::with_capacity(lines * 3 / 2),
        max_words: 1,
        max_row: 0,
    };
    for (n, line) in text.lines().enumerate() {
        let (key, list) = line
            .split_once('\t')
            .ok_or_else(|| corrupt(FILE, n, "missing tab"))?;
        let start = index.pool.len();
        for item in list.split(',') {
            let (row, form) = item
                .split_once(':')
                .ok_or_else(|| corrupt(FILE, n, "bad entry"))?;
            let place: u32 = row.parse().map_err(|_| corrupt(FILE, n, "bad row"))?;
            index.max_row = index.max_row.max(place);
            let form = match form {
                "n" => Form::Name,
                "a" | "c" => Form::Alias,
                "d" => Form::Demonym,
                "f" => Form::Facility,
                "b" => Form::Abbreviation,
                _ => return Err(corrupt(FILE, n, "unknown form")),
            };
            index.pool.push(Entry { place, form });
        }
        let words = key.bytes().filter(|&b| b == b' ' || b == b'-').count() + 1;
        index.max_words = index.max_words.max(words);
        let range: Range<usize> = start..index.pool.len();
        index
            .keys
            .insert(key.into(), (range.start as u32, range.len() as u32));
    }
    tracing::debug!(parsed = ?t.elapsed(), "names");
    Ok(index)
}

/// A word list: one lower-case word a line.
pub(super) fn word_set(file: &'static str, gz: &[u8]) -> Result<HashSet<Box<str>>, GazetteerError> {
    Ok(gunzip(file, gz)?.lines().map(Into::into).collect())
}
