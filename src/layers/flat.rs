//! Readable flat forms of list- and object-valued properties.
//!
//! GIS clients read such values poorly: QGIS's OGC API provider makes a
//! list of objects NULL, a GeoPackage stores a list of strings as
//! `(4:RU,CU,VE,NI)`. So next to each list or object property `name` a
//! feature also gets `name_text`, a plain string any client keeps — items
//! joined by "; ", an object's members as "key: value" joined by ", ". The
//! JSON value itself is served unchanged. Which properties get one is
//! decided by their shape, never by their name, so properties that the
//! events stage adds later are flattened the same way.

use serde_json::{Map, Value};

/// The suffix of a flat form's property name.
pub const SUFFIX: &str = "_text";

/// The properties' JSON text with a flat form appended for each list or
/// object value (unless the feature has a property of that name already);
/// `None` when there is nothing to add, which is the cheap common case.
pub(crate) fn with_flat_forms(raw: &str) -> Option<String> {
    // Only an object with a nested `[` or `{` somewhere can have one.
    let inner = raw.strip_prefix('{')?;
    if !inner.contains(['[', '{']) {
        return None;
    }
    let map: Map<String, Value> = serde_json::from_str(raw).ok()?;
    let mut extra = String::new();
    for (key, value) in &map {
        if !matches!(value, Value::Array(_) | Value::Object(_)) {
            continue;
        }
        let name = format!("{key}{SUFFIX}");
        if map.contains_key(&name) {
            continue;
        }
        extra.push(',');
        extra.push_str(&Value::String(name).to_string());
        extra.push(':');
        extra.push_str(&Value::String(flat(value)).to_string());
    }
    if extra.is_empty() {
        return None;
    }
    // Appended before the closing brace, so the original members keep
    // their text and order. `{}` has no member to follow.
    let body = raw.strip_suffix('}')?;
    let extra = if body.trim_end().ends_with('{') {
        &extra[1..]
    } else {
        &extra
    };
    Some(format!("{body}{extra}}}"))
}

/// A value as readable text.
pub fn flat(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Bool(_) | Value::Number(_) => value.to_string(),
        Value::Array(items) => items.iter().map(nested).collect::<Vec<_>>().join("; "),
        Value::Object(members) => members
            .iter()
            .filter(|(_, v)| !v.is_null())
            .map(|(k, v)| format!("{k}: {}", nested(v)))
            .collect::<Vec<_>>()
            .join(", "),
    }
}

/// A value inside a list or object: nested lists are bracketed so their
/// items stay apart from the outer ones.
fn nested(value: &Value) -> String {
    match value {
        Value::Array(items) => format!(
            "[{}]",
            items.iter().map(nested).collect::<Vec<_>>().join(", ")
        ),
        Value::Object(_) => flat(value),
        _ => flat(value),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn lists_and_objects_get_a_flat_form_next_to_their_json() {
        let raw = r#"{"actors":["RU","CU"],"n":2,"assets":[{"kind":"ship","name":"Admiral Gorshkov","count":null},{"kind":"force","count":2}],"offsets":[158,226],"meta":{"a":[1,[2,3]]}}"#;
        let out = with_flat_forms(raw).unwrap();
        assert!(
            out.starts_with(&raw[..raw.len() - 1]),
            "original members unchanged"
        );
        let v: Map<String, Value> = serde_json::from_str(&out).unwrap();
        assert_eq!(v["actors_text"], "RU; CU");
        assert_eq!(
            v["assets_text"],
            "kind: ship, name: Admiral Gorshkov; count: 2, kind: force"
        );
        assert_eq!(v["offsets_text"], "158; 226");
        assert_eq!(v["meta_text"], "a: [1, [2, 3]]");
        assert_eq!(v["n"], 2);
    }

    #[test]
    fn flat_layers_and_existing_names_are_left_alone() {
        assert_eq!(
            with_flat_forms(r#"{"name":"Havana [capital]","pop":2}"#),
            None
        );
        assert_eq!(with_flat_forms("null"), None);
        assert_eq!(
            with_flat_forms(r#"{"tags":["a"],"tags_text":"mine"}"#),
            None
        );
        assert_eq!(
            with_flat_forms(r#"{"tags":[]}"#).as_deref(),
            Some(r#"{"tags":[],"tags_text":""}"#)
        );
    }
}
