//! Event extraction on the development set (`tests/fixtures/news-dev`: 20
//! articles with gold events). The figures are computed with the rules of
//! `eventscore.py` (`scoring/mod.rs`) and pinned at no lower than what the extractor reaches, so a
//! later change cannot silently lose them. `MAPWIRE_DEVSET_PRINT=1` prints
//! the figures and every miss and wrong event.
#![allow(clippy::panic, clippy::unwrap_used, clippy::print_stdout)]

mod scoring;

/// Lowest acceptable figures: (recall, precision).
const ALL_TYPES: (f64, f64) = (0.89, 0.82);
const PORT_AND_DEPLOYMENT: (f64, f64) = (0.96, 0.90);

#[test]
fn dev_set_figures_do_not_fall() {
    let ((r_all, p_all, all_report), (r_key, p_key, key_report)) =
        scoring::score_set("news-dev", 20);
    if std::env::var_os("MAPWIRE_DEVSET_PRINT").is_some() {
        println!(
            "all types:\n{all_report}deployment, port_call, port_call_agreement:\n{key_report}"
        );
    }
    assert!(
        r_all >= ALL_TYPES.0 && p_all >= ALL_TYPES.1,
        "all types fell below {ALL_TYPES:?}:\n{all_report}"
    );
    assert!(
        r_key >= PORT_AND_DEPLOYMENT.0 && p_key >= PORT_AND_DEPLOYMENT.1,
        "deployment/port_call/port_call_agreement fell below {PORT_AND_DEPLOYMENT:?}:\n{key_report}"
    );
}
