//! The document's evidence for a meaning: the countries and first-level
//! divisions its other names resolve to.
//!
//! Names whose country (or place) is sure give full evidence: a name with
//! one country among all its meanings, or one whose choice leads every
//! meaning elsewhere by [`SURE_MARGIN`]. Unsure names give a part of it
//! ([`UNSURE`]), so a list of names that all have namesakes abroad still
//! holds together; two weak namesakes ("Lyons … Marseilles", both towns in
//! Illinois beside the French cities) no longer outvote a country the text
//! names, which gains its namesakes [`super::resolve`]'s bonus.

use ahash::AHashMap as HashMap;

use super::resolve::Group;
use crate::gazetteer::{Gazetteer, Kind, Place};

/// How much the document's dominant country weighs (times its share).
const COUNTRY_WEIGHT: f64 = 1.5;
/// How much the document's dominant first-level division weighs.
const ADMIN1_WEIGHT: f64 = 1.5;
/// How far a choice must lead the meanings in other countries (for its
/// country to count) or all other meanings (for its division to count).
pub(super) const SURE_MARGIN: f64 = 0.5;

/// One name's part of the evidence: (country, first-level division code,
/// weight); the codes are empty where it is unsure of them.
type Own = (Box<str>, Box<str>, f64);

/// How much an unsure name's country and division count, against a sure
/// name's ("Aberdeen, Dundee and Perth": each has namesakes abroad, but
/// together they say Scotland).
const UNSURE: f64 = 0.5;

/// The countries and first-level divisions a document is about, counted
/// per occurrence, with each group's own part removable.
pub(super) struct Evidence {
    countries: HashMap<Box<str>, f64>,
    admin1: HashMap<Box<str>, f64>,
    /// The same for the names unsure of their choice, and each group's
    /// part there.
    weak_countries: HashMap<Box<str>, f64>,
    weak_admin1: HashMap<Box<str>, f64>,
    weak_own: Vec<Option<Own>>,
    /// Countries named themselves (by name or demonym), with the group
    /// that names each first.
    named: HashMap<Box<str>, Vec<usize>>,
    /// Per group: its own contribution.
    own: Vec<Option<Own>>,
    total: f64,
}

impl Evidence {
    /// Round 0: only names with one country among all their meanings.
    pub(super) fn unambiguous(gaz: &Gazetteer, groups: &[Group]) -> Evidence {
        Evidence::build(groups, false, |g| {
            let first = gaz.place(g.entries.first()?.place);
            let one_country = g
                .entries
                .iter()
                .all(|e| gaz.place(e.place).country == first.country);
            let one_place = g.entries.len() == 1;
            one_country.then_some((first, true, one_place))
        })
    }

    /// Later rounds: the current choices, their countries only when sure
    /// of them and their divisions only when sure of the place. A name
    /// unsure of its country still counts in the whole (its share is
    /// nobody's), so the sure names' shares do not grow by its doubt.
    pub(super) fn sure(gaz: &Gazetteer, groups: &[Group]) -> Evidence {
        Evidence::build(groups, true, |g| {
            let p = gaz.place(g.entries[g.chosen].place);
            Some((p, g.sure.country, g.sure.place))
        })
    }

    /// `pick`: a group's place, whether its country counts and whether its
    /// division counts.
    fn build<'g>(
        groups: &[Group],
        unsure_count: bool,
        pick: impl Fn(&Group) -> Option<(&'g Place, bool, bool)>,
    ) -> Evidence {
        let mut ev = Evidence {
            countries: HashMap::new(),
            admin1: HashMap::new(),
            named: HashMap::new(),
            weak_countries: HashMap::new(),
            weak_admin1: HashMap::new(),
            weak_own: Vec::with_capacity(groups.len()),
            own: Vec::with_capacity(groups.len()),
            total: 0.0,
        };
        for (gi, g) in groups.iter().enumerate() {
            let picked = pick(g);
            if let Some((p, true, _)) = picked
                && p.kind == Kind::Country
            {
                ev.named
                    .entry(p.country.as_str().into())
                    .or_default()
                    .push(gi);
            }
            let weak = picked
                .filter(|_| unsure_count)
                // Only what the sure part leaves out.
                .filter(|(p, country, exact)| !(p.country.is_empty() || *country && *exact))
                .map(|(p, country, _)| {
                    // A sure country already counts in full.
                    let cc: Box<str> = if country {
                        "".into()
                    } else {
                        p.country.as_str().into()
                    };
                    (cc, p.admin1_code.clone(), g.occurrences as f64 * UNSURE)
                });
            if let Some((cc, a1, w)) = &weak {
                if !cc.is_empty() {
                    *ev.weak_countries.entry(cc.clone()).or_default() += w;
                }
                if !a1.is_empty() {
                    *ev.weak_admin1.entry(a1.clone()).or_default() += w;
                }
            }
            ev.weak_own.push(weak);
            let own =
                picked
                    .filter(|(p, _, _)| !p.country.is_empty())
                    .map(|(p, country, exact)| {
                        // A country named says less about where the story is
                        // than a town or division in it: "the United States"
                        // is named in stories set anywhere.
                        let weight =
                            g.occurrences as f64 * if p.kind == Kind::Country { 0.4 } else { 1.0 };
                        let a1: Box<str> = if country && exact {
                            p.admin1_code.clone()
                        } else {
                            "".into()
                        };
                        let cc = if country { p.country.as_str() } else { "" };
                        (Box::<str>::from(cc), a1, weight)
                    });
            if let Some((cc, a1, w)) = &own {
                if !cc.is_empty() {
                    *ev.countries.entry(cc.clone()).or_default() += w;
                }
                if !a1.is_empty() {
                    *ev.admin1.entry(a1.clone()).or_default() += w;
                }
                ev.total += w;
            }
            ev.own.push(own);
        }
        ev
    }

    /// Do the document's names, other than group `gi`'s, set a place in
    /// country `cc` (its name, its demonym, a town in it)?
    pub(super) fn names_country(&self, cc: &str, gi: usize) -> bool {
        let own = match &self.own[gi] {
            Some((own_cc, _, w)) if own_cc.as_ref() == cc => *w,
            _ => 0.0,
        };
        !cc.is_empty() && self.countries.get(cc).is_some_and(|v| *v - own > 0.0)
    }

    /// Does a name other than group `gi` name country `cc` itself ("Pakistan",
    /// "Pakistani")?
    pub(super) fn names_country_itself(&self, cc: &str, gi: usize) -> bool {
        self.named
            .get(cc)
            .is_some_and(|groups| groups.iter().any(|&g| g != gi))
    }

    /// The document's support for place `p`, without group `gi`'s own part.
    pub(super) fn support(&self, p: &Place, gi: usize) -> f64 {
        let own_w = self.own[gi].as_ref().map_or(0.0, |o| o.2);
        let total = (self.total - own_w).max(3.0);
        let sure = Evidence::shares(&self.countries, &self.admin1, &self.own[gi], p, total);
        let weak = Evidence::shares(
            &self.weak_countries,
            &self.weak_admin1,
            &self.weak_own[gi],
            p,
            total,
        );
        sure + weak
    }

    /// The weighted shares of `p`'s country and division in one pair of
    /// counts, without the group's own part `own`.
    fn shares(
        countries: &HashMap<Box<str>, f64>,
        admin1: &HashMap<Box<str>, f64>,
        own: &Option<Own>,
        p: &Place,
        total: f64,
    ) -> f64 {
        let (own_cc, own_a1, own_w) = match own {
            Some((cc, a1, w)) => (cc.as_ref(), a1.as_ref(), *w),
            None => ("", "", 0.0),
        };
        let share = |map: &HashMap<Box<str>, f64>, k: &str, own: &str| {
            if k.is_empty() {
                return 0.0;
            }
            let v = map.get(k).copied().unwrap_or(0.0) - if k == own { own_w } else { 0.0 };
            v.max(0.0) / total
        };
        let mut s = COUNTRY_WEIGHT * share(countries, &p.country, own_cc);
        if p.kind != Kind::Country {
            s += ADMIN1_WEIGHT * share(admin1, &p.admin1_code, own_a1);
        }
        s
    }
}
