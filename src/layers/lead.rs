//! Which features a layer serves first in its default order.
//!
//! Clients that guess a property's type from the first page of items type a
//! string property as a date when that page holds only dates, and then lose
//! the later values that are not: QGIS 3.22 reads `items?limit=10` through
//! GDAL's GeoJSON reader and keeps those field types for every page, and
//! GDAL's OGC API – Features driver does the same when it has no schema. An
//! event's `date` carries its precision (`2018`, `2018-12`, `2018-12-10`),
//! so it is such a property. For each string property whose values are dates
//! in some features and not in others, the first feature whose value is not
//! a date is therefore served first; every other feature keeps file order.

use serde_json::Value;

use super::Feature;
use super::props::{self, QueryableInference};

/// The lead features (ascending indices, at most one per property), after
/// taking back the `date`/`date-time` format of every property that turned
/// out to hold other strings as well.
pub(super) fn lead_features(
    features: &[Feature],
    text: &str,
    inference: &mut QueryableInference,
) -> Vec<u32> {
    let names = inference.date_like();
    if names.is_empty() {
        return Vec::new();
    }
    let keys: Vec<&str> = names.iter().map(String::as_str).collect();
    let mut first: Vec<Option<u32>> = vec![None; keys.len()];
    for (i, feature) in features.iter().enumerate() {
        let span = feature.properties;
        let start = span.start as usize;
        let raw = text.get(start..start + span.len as usize).unwrap_or("null");
        for (slot, value) in first.iter_mut().zip(props::pick(raw, &keys)) {
            if slot.is_none() && matches!(&value, Some(Value::String(s)) if !props::date_shaped(s))
            {
                *slot = u32::try_from(i).ok();
            }
        }
        if first.iter().all(Option::is_some) {
            break;
        }
    }
    let mixed: Vec<&str> = keys
        .iter()
        .zip(&first)
        .filter(|(_, f)| f.is_some())
        .map(|(k, _)| *k)
        .collect();
    inference.not_dates(&mixed);
    let mut lead: Vec<u32> = first.into_iter().flatten().collect();
    lead.sort_unstable();
    lead.dedup();
    lead
}

/// Feature index at position `p` of the default order of `len` features
/// whose `lead` (ascending) comes first.
pub(super) fn nth(p: usize, lead: &[u32]) -> usize {
    if let Some(&i) = lead.get(p) {
        return i as usize;
    }
    let mut index = p - lead.len();
    for &w in lead {
        if w as usize <= index {
            index += 1;
        } else {
            break;
        }
    }
    index
}

/// Puts the lead features of an ascending selection first, the rest after
/// in file order.
pub(super) fn lead_first(picked: Vec<u32>, lead: &[u32]) -> Vec<u32> {
    let (mut first, rest): (Vec<u32>, Vec<u32>) = picked
        .into_iter()
        .partition(|i| lead.binary_search(i).is_ok());
    first.extend(rest);
    first
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lead_comes_first_and_the_rest_keep_file_order() {
        let order = |lead: &[u32]| (0..5).map(|p| nth(p, lead)).collect::<Vec<_>>();
        assert_eq!(order(&[]), vec![0, 1, 2, 3, 4]);
        assert_eq!(order(&[3]), vec![3, 0, 1, 2, 4]);
        assert_eq!(order(&[1, 3]), vec![1, 3, 0, 2, 4]);
        assert_eq!(order(&[0, 4]), vec![0, 4, 1, 2, 3]);
        assert_eq!(lead_first(vec![0, 2, 3, 4], &[3]), vec![3, 0, 2, 4]);
        assert_eq!(lead_first(vec![0, 2], &[3]), vec![0, 2]);
    }
}
