//! A fast reader for GeoJSON `coordinates` of any depth.
//!
//! serde's tagged enums buffer every value before choosing a variant, which
//! doubles the start-up parse of the 10m data; this visitor streams numbers
//! and lists straight into one recursive type instead.

use serde::de::{Deserialize, Deserializer, SeqAccess, Visitor};
use std::fmt;

/// A number or a list of nested values.
#[derive(Debug, Clone, PartialEq)]
pub enum Nested {
    Num(f64),
    List(Vec<Nested>),
}

impl Nested {
    /// Calls `f` with every innermost list of positions (a ring or a line),
    /// as `[lon, lat]` pairs; extra ordinates are ignored.
    pub fn for_each_path(&self, f: &mut impl FnMut(Vec<[f64; 2]>)) {
        let Nested::List(items) = self else { return };
        if items.first().is_some_and(Nested::is_position) {
            f(items.iter().filter_map(Nested::position).collect());
        } else {
            for item in items {
                item.for_each_path(f);
            }
        }
    }

    fn is_position(&self) -> bool {
        matches!(self, Nested::List(v) if matches!(v.first(), Some(Nested::Num(_))))
    }

    fn position(&self) -> Option<[f64; 2]> {
        match self {
            Nested::List(v) => match (v.first(), v.get(1)) {
                (Some(Nested::Num(x)), Some(Nested::Num(y))) => Some([*x, *y]),
                _ => None,
            },
            Nested::Num(_) => None,
        }
    }
}

struct NestedVisitor;

impl<'de> Visitor<'de> for NestedVisitor {
    type Value = Nested;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a number or a list")
    }

    fn visit_f64<E>(self, v: f64) -> Result<Nested, E> {
        Ok(Nested::Num(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Nested, E> {
        Ok(Nested::Num(v as f64))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Nested, E> {
        Ok(Nested::Num(v as f64))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Nested, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Nested::List(items))
    }
}

impl<'de> Deserialize<'de> for Nested {
    fn deserialize<D: Deserializer<'de>>(de: D) -> Result<Self, D::Error> {
        de.deserialize_any(NestedVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multipolygon_paths() {
        let v: Nested =
            serde_json::from_str("[[[[0,0],[1,0],[1,1],[0,0]]],[[[5,5],[6,5.5],[5,5]]]]")
                .expect("json");
        let mut paths = Vec::new();
        v.for_each_path(&mut |p| paths.push(p));
        assert_eq!(paths.len(), 2);
        assert_eq!(paths[1][1], [6.0, 5.5]);
    }
}
