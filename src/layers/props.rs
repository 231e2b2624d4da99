//! Reading values out of stored property JSON, and the queryables of a layer.

use std::cmp::Ordering;
use std::fmt;

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, Visitor};
use serde_json::Value;

use super::time::{TimeSpan, parse_time};

/// The JSON Schema type of a queryable property.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryableType {
    String,
    Number,
    Integer,
    Boolean,
}

impl QueryableType {
    pub fn as_str(self) -> &'static str {
        match self {
            QueryableType::String => "string",
            QueryableType::Number => "number",
            QueryableType::Integer => "integer",
            QueryableType::Boolean => "boolean",
        }
    }
}

/// A property that items can be filtered on (`?name=value`) and sorted by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Queryable {
    pub name: String,
    pub kind: QueryableType,
    /// JSON Schema `format` for strings that are all dates or date-times.
    pub format: Option<&'static str>,
}

/// The JSON type of a property over a layer's features: a scalar type,
/// `Array`, `Object`, or `Mixed` when features disagree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldType {
    String,
    Number,
    Integer,
    Boolean,
    Array,
    Object,
    Mixed,
}

/// A property of a layer's features (every one, not only queryables).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    pub name: String,
    pub kind: FieldType,
    /// `date` or `date-time` for strings that all are.
    pub format: Option<&'static str>,
    /// The JSON Schema type of the elements of an array property, when
    /// every element seen has that one type.
    pub items: Option<&'static str>,
}

/// Picks the values of some keys out of a JSON object's text without
/// building the rest of the object.
pub fn pick(raw: &str, keys: &[&str]) -> Vec<Option<Value>> {
    let mut de = serde_json::Deserializer::from_str(raw);
    de::Deserializer::deserialize_any(&mut de, Picker { keys })
        .unwrap_or_else(|_| vec![None; keys.len()])
}

/// One property's value (`None` when absent or when properties are null).
#[cfg(test)]
pub fn property(raw: &str, key: &str) -> Option<Value> {
    pick(raw, &[key]).pop().flatten()
}

/// The time span of a feature from its `start`/`end` properties.
pub fn times(raw: &str) -> Option<TimeSpan> {
    // Most features of a big layer have no time: skip the parse for them.
    if !raw.contains("\"start\"") && !raw.contains("\"end\"") {
        return None;
    }
    let values = pick(raw, &["start", "end"]);
    let text = |v: &Option<Value>| v.as_ref().and_then(|v| v.as_str().map(str::to_string));
    TimeSpan::from_properties(text(&values[0]).as_deref(), text(&values[1]).as_deref())
}

/// A feature id as written in a URL: strings unquoted, numbers as written.
pub fn id_text(raw: &str) -> String {
    id_key(raw).into_owned()
}

/// [`id_text`] without allocating in the usual cases (numbers, strings
/// without escapes): used to index a million ids.
pub fn id_key(raw: &str) -> std::borrow::Cow<'_, str> {
    match raw.strip_prefix('"').and_then(|r| r.strip_suffix('"')) {
        Some(inner) if !inner.contains('\\') => std::borrow::Cow::Borrowed(inner),
        Some(_) => std::borrow::Cow::Owned(serde_json::from_str::<String>(raw).unwrap_or_default()),
        None => std::borrow::Cow::Borrowed(raw),
    }
}

struct Picker<'k> {
    keys: &'k [&'k str],
}

impl<'de> Visitor<'de> for Picker<'_> {
    type Value = Vec<Option<Value>>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object or null")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(vec![None; self.keys.len()])
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut out = vec![None; self.keys.len()];
        while let Some(found) = map.next_key_seed(KeyIndex { keys: self.keys })? {
            match found {
                Some(i) => out[i] = Some(map.next_value::<Value>()?),
                None => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(out)
    }
}

/// Deserializes an object key into its position in `keys`, without
/// allocating for keys that are not wanted.
struct KeyIndex<'k> {
    keys: &'k [&'k str],
}

impl<'de> DeserializeSeed<'de> for KeyIndex<'_> {
    type Value = Option<usize>;

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeyIndex<'_> {
    type Value = Option<usize>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a property name")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(self.keys.iter().position(|k| *k == v))
    }
}

/// Equality between a query value (already typed) and a property value.
pub fn equals(query: &Value, property: Option<&Value>) -> bool {
    match (query, property) {
        (Value::Number(a), Some(Value::Number(b))) => a.as_f64() == b.as_f64(),
        (a, Some(b)) => a == b,
        (_, None) => false,
    }
}

/// The order `sortby` uses: numbers, then strings, then booleans, missing
/// values last.
pub fn compare(a: Option<&Value>, b: Option<&Value>) -> Ordering {
    fn rank(v: Option<&Value>) -> u8 {
        match v {
            Some(Value::Number(_)) => 0,
            Some(Value::String(_)) => 1,
            Some(Value::Bool(_)) => 2,
            Some(_) => 3,
            None => 4,
        }
    }
    match (a, b) {
        (Some(Value::Number(x)), Some(Value::Number(y))) => {
            let (x, y) = (x.as_f64().unwrap_or(0.0), y.as_f64().unwrap_or(0.0));
            x.total_cmp(&y)
        }
        (Some(Value::String(x)), Some(Value::String(y))) => x.cmp(y),
        (Some(Value::Bool(x)), Some(Value::Bool(y))) => x.cmp(y),
        _ => rank(a).cmp(&rank(b)),
    }
}

/// What has been seen of one property across the sampled features.
#[derive(Debug, Clone, Copy, Default)]
struct Seen {
    arrays: bool,
    objects: bool,
    strings: bool,
    integers: bool,
    floats: bool,
    booleans: bool,
    others: bool,
    all_dates: bool,
    all_datetimes: bool,
    /// Some string value is a date or a date-time.
    some_dates: bool,
    /// The JSON types of array elements seen, as bits of [`json_type`].
    item_types: u8,
}

/// One bit per JSON Schema type of a value (null has none).
fn json_type(value: &Value) -> u8 {
    match value {
        Value::Null => 0,
        Value::String(_) => 1,
        Value::Number(n) if n.is_i64() || n.is_u64() => 2,
        Value::Number(_) => 4,
        Value::Bool(_) => 8,
        Value::Array(_) => 16,
        Value::Object(_) => 32,
    }
}

/// The type named by the bits of [`json_type`]: integers with other
/// numbers are numbers; any other mix has no one type.
fn type_name(bits: u8) -> Option<&'static str> {
    match bits {
        1 => Some("string"),
        2 => Some("integer"),
        4 | 6 => Some("number"),
        8 => Some("boolean"),
        16 => Some("array"),
        32 => Some("object"),
        _ => None,
    }
}

/// Whether a string has a form that clients which guess field types from
/// values (GDAL's GeoJSON reader, and QGIS through it) read as a date or a
/// date-time: a whole `YYYY-MM-DD` date, alone or with a time (not `2018`,
/// `2018-12` or an interval).
pub fn date_shaped(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 10
        && b[4] == b'-'
        && b[7] == b'-'
        && (b.len() == 10 || matches!(b[10], b'T' | b't' | b' '))
        && parse_time(s).is_ok()
}

/// Infers the queryables of a layer from the properties of its first features.
#[derive(Debug, Default)]
pub struct QueryableInference {
    seen: Vec<(String, Seen)>,
}

impl QueryableInference {
    pub fn add(&mut self, raw: &str) {
        let Ok(map) = serde_json::from_str::<serde_json::Map<String, Value>>(raw) else {
            return;
        };
        for (key, value) in map {
            let pos = match self.seen.iter().position(|(k, _)| *k == key) {
                Some(pos) => pos,
                None => {
                    let fresh = Seen {
                        all_dates: true,
                        all_datetimes: true,
                        ..Seen::default()
                    };
                    self.seen.push((key, fresh));
                    self.seen.len() - 1
                }
            };
            note(&mut self.seen[pos].1, &value);
        }
    }

    /// String properties with a date-shaped value among those seen.
    pub fn date_like(&self) -> Vec<String> {
        self.seen
            .iter()
            .filter(|(_, s)| s.strings && s.some_dates)
            .map(|(name, _)| name.clone())
            .collect()
    }

    /// Takes back the `date`/`date-time` format of properties found to hold
    /// other strings too (in features past the sample).
    pub fn not_dates(&mut self, names: &[&str]) {
        for (name, s) in &mut self.seen {
            if names.contains(&name.as_str()) {
                s.all_dates = false;
                s.all_datetimes = false;
            }
        }
    }

    /// Every property with its type, in order of first appearance.
    pub fn fields(&self) -> Vec<Field> {
        self.seen
            .iter()
            .map(|(name, s)| {
                let kinds = [
                    s.strings,
                    s.integers || s.floats,
                    s.booleans,
                    s.arrays,
                    s.objects,
                ];
                let kind = match kinds.iter().filter(|k| **k).count() {
                    0 => FieldType::String,
                    1 if s.strings => FieldType::String,
                    1 if s.floats => FieldType::Number,
                    1 if s.integers => FieldType::Integer,
                    1 if s.booleans => FieldType::Boolean,
                    1 if s.arrays => FieldType::Array,
                    1 => FieldType::Object,
                    _ => FieldType::Mixed,
                };
                let format = match kind {
                    FieldType::String if s.all_dates => Some("date"),
                    FieldType::String if s.all_datetimes => Some("date-time"),
                    _ => None,
                };
                Field {
                    name: name.clone(),
                    kind,
                    format,
                    items: if kind == FieldType::Array {
                        type_name(s.item_types)
                    } else {
                        None
                    },
                }
            })
            .collect()
    }

    /// Properties of one scalar type become queryables; mixed or structured
    /// ones do not (equality on them would be ambiguous).
    pub fn finish(self) -> Vec<Queryable> {
        self.seen
            .into_iter()
            .filter_map(|(name, s)| {
                let kind = match (s.strings, s.integers, s.floats, s.booleans, s.others) {
                    (true, false, false, false, false) => QueryableType::String,
                    (false, true, false, false, false) => QueryableType::Integer,
                    (false, _, true, false, false) => QueryableType::Number,
                    (false, false, false, true, false) => QueryableType::Boolean,
                    _ => return None,
                };
                let format = match kind {
                    QueryableType::String if s.all_dates => Some("date"),
                    QueryableType::String if s.all_datetimes => Some("date-time"),
                    _ => None,
                };
                Some(Queryable { name, kind, format })
            })
            .collect()
    }
}

fn note(seen: &mut Seen, value: &Value) {
    match value {
        Value::Null => {}
        Value::String(s) => {
            seen.strings = true;
            seen.all_dates &= s.len() == 10 && parse_time(s).is_ok();
            seen.all_datetimes &= s.len() > 10 && parse_time(s).is_ok();
            seen.some_dates |= date_shaped(s);
        }
        Value::Number(n) if n.is_i64() || n.is_u64() => seen.integers = true,
        Value::Number(_) => seen.floats = true,
        Value::Bool(_) => seen.booleans = true,
        Value::Array(items) => {
            seen.arrays = true;
            seen.others = true;
            for item in items {
                seen.item_types |= json_type(item);
            }
        }
        Value::Object(_) => {
            seen.objects = true;
            seen.others = true;
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use serde_json::json;

    #[test]
    fn picks_only_the_wanted_keys() {
        let raw = r#"{"a":1,"b":{"x":[1,2]},"c":"three","d\"q":true}"#;
        assert_eq!(
            pick(raw, &["c", "a", "zz"]),
            vec![Some(json!("three")), Some(json!(1)), None]
        );
        assert_eq!(property(raw, "d\"q"), Some(json!(true)));
        assert_eq!(property("null", "a"), None);
    }

    #[test]
    fn infers_scalar_queryables() {
        let mut inf = QueryableInference::default();
        inf.add(r#"{"name":"Havana","pop":2100000,"area":728.26,"date":"2024-03-01","mixed":1,"tags":[]}"#);
        inf.add(r#"{"name":"Caracas","pop":null,"area":433,"date":"2024-03-02","mixed":"x"}"#);
        let q = inf.finish();
        let names: Vec<_> = q
            .iter()
            .map(|q| (q.name.as_str(), q.kind, q.format))
            .collect();
        assert_eq!(
            names,
            vec![
                ("area", QueryableType::Number, None),
                ("date", QueryableType::String, Some("date")),
                ("name", QueryableType::String, None),
                ("pop", QueryableType::Integer, None),
            ]
        );
    }

    #[test]
    fn types_the_elements_of_lists() {
        let mut inf = QueryableInference::default();
        inf.add(r#"{"a":["x"],"b":[1,2.5],"c":[1,"x"],"d":[]}"#);
        inf.add(r#"{"a":["y","z"],"d":null}"#);
        let items: Vec<_> = inf
            .fields()
            .into_iter()
            .map(|f| (f.name, f.items))
            .collect();
        assert_eq!(
            items,
            vec![
                ("a".to_string(), Some("string")),
                ("b".to_string(), Some("number")),
                ("c".to_string(), None),
                ("d".to_string(), None),
            ]
        );
    }

    #[test]
    fn sort_order_puts_missing_last() {
        assert_eq!(compare(Some(&json!(2)), Some(&json!(10))), Ordering::Less);
        assert_eq!(
            compare(Some(&json!("b")), Some(&json!("a"))),
            Ordering::Greater
        );
        assert_eq!(compare(None, Some(&json!("a"))), Ordering::Greater);
        assert!(equals(&json!(3.0), Some(&json!(3))));
    }
}
