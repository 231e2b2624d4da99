//! The one-line summary of an event and human-readable dates.

use super::{Asset, EventType, Status};

const MONTH_ABBR: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// "2018" → "2018", "2018-12" → "Dec 2018", "2018-12-10" → "10 Dec 2018".
pub fn human_date(iso: &str) -> String {
    if let Some((a, b)) = iso.split_once('/') {
        return format!("{}–{}", human_date(a), human_date(b));
    }
    let parts: Vec<&str> = iso.split('-').collect();
    let month = |m: &str| {
        m.parse::<usize>()
            .ok()
            .and_then(|m| MONTH_ABBR.get(m.wrapping_sub(1)))
            .copied()
            .unwrap_or("")
    };
    match parts.as_slice() {
        [y, m, d] => format!("{} {} {y}", d.trim_start_matches('0'), month(m)),
        [y, m] => format!("{} {y}", month(m)),
        _ => iso.to_string(),
    }
}

/// One short line: "Deployment: 2 Tu-160 bombers to Venezuela, Dec 2018".
pub fn summary(
    person: Option<&str>,
    ty: EventType,
    status: Status,
    assets: &[Asset],
    place: &str,
    place_kind: &str,
    date: Option<&str>,
) -> String {
    let mut s = match status {
        Status::Reported => format!("{}:", ty.label()),
        Status::Planned => format!("Planned {}:", ty.label().to_lowercase()),
        Status::Denied => format!("Denied {}:", ty.label().to_lowercase()),
        Status::Alleged => format!("Alleged {}:", ty.label().to_lowercase()),
    };
    if let Some(p) = person {
        s.push(' ');
        s.push_str(p);
    }
    let named: Vec<String> = assets.iter().take(3).map(Asset::label).collect();
    if !named.is_empty() {
        s.push(' ');
        s.push_str(&named.join(", "));
        if assets.len() > 3 {
            s.push_str(" and more");
        }
    }
    let with_country = matches!(place_kind, "country" | "demonym");
    let prep = match ty {
        EventType::Deployment | EventType::ArmsTransfer | EventType::Visit => "to",
        EventType::PortCall => "at",
        EventType::PortCallAgreement | EventType::Agreement if with_country => "with",
        EventType::PortCallAgreement => "for",
        EventType::Agreement => "in",
        EventType::Exercise => "in",
    };
    s.push_str(&format!(" {prep} {place}"));
    if let Some(d) = date {
        s.push_str(", ");
        s.push_str(&human_date(d));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::super::AssetKind;
    use super::*;

    #[test]
    fn human_dates_and_summaries() {
        assert_eq!(human_date("2018-12"), "Dec 2018");
        assert_eq!(human_date("2011-10-06"), "6 Oct 2011");
        assert_eq!(
            human_date("2022-07-01/2022-12-31"),
            "1 Jul 2022–31 Dec 2022"
        );
        let asset = Asset {
            name: "Tu-160".into(),
            kind: AssetKind::Designation,
            class: Some("bombers".into()),
            count: Some(2),
            first: 0,
            last: 0,
        };
        assert_eq!(
            summary(
                None,
                EventType::Deployment,
                Status::Reported,
                &[asset],
                "Venezuela",
                "country",
                Some("2018-12")
            ),
            "Deployment: 2 Tu-160 bombers to Venezuela, Dec 2018"
        );
    }
}
