//! The word lists that qualify a trigger rather than start an event:
//! agreement nouns (what a signing needs), and the cues the modality step
//! reads — hypothetical, alleged, planned, negation and denial — plus
//! reporting verbs and "the same day" phrases the date step reads. Kept
//! apart from the trigger table because other steps consult them.

use crate::events::lexicon::WordSet;

/// Verbs that make an agreement by prolonging one ("extended the lease",
/// "agreed to renew the arrangement"): a signing when an agreement is their
/// object.
pub static EXTENDING: WordSet = WordSet::new(&[
    "extend",
    "extends",
    "extended",
    "extending",
    "renew",
    "renews",
    "renewed",
    "renewing",
    "prolong",
    "prolongs",
    "prolonged",
    "prolonging",
]);

/// Nouns naming an agreement.
pub static AGREEMENT_NOUNS: WordSet = WordSet::new(&[
    "agreement",
    "agreements",
    "pact",
    "pacts",
    "treaty",
    "treaties",
    "accord",
    "accords",
    "deal",
    "deals",
    "memorandum",
    "partnership",
    "protocol",
    "contract",
    "contracts",
    "convention",
    "ceasefire",
    "truce",
    "armistice",
    "lease",
    "arrangement",
    "memorandums",
    "memoranda",
]);

/// Words that put the clause's event into a hypothetical world: not an event.
pub static HYPOTHETICAL: WordSet = WordSet::new(&[
    "would",
    "could",
    "might",
    "may",
    "if",
    "whether",
    "possibility",
    "possible",
    "possibly",
    "potential",
    "prospective",
    "proposed",
    "discuss",
    "discussed",
    "discussing",
    "discussion",
    "consider",
    "considered",
    "considering",
    "negotiate",
    "negotiating",
    "negotiated",
    "recommended",
    "hope",
    "hopes",
    "hoped",
    "want",
    "wants",
    "interest",
    "pretext",
    "should",
    "can",
    "cannot",
    "unless",
    "rumours",
    "rumors",
    "speculation",
    "threatened",
    "threatens",
    "intention",
]);

/// Words that say the event is claimed by someone but not established:
/// `status: alleged`.
pub static ALLEGED: WordSet = WordSet::new(&[
    "accusing",
    "accused",
    "accuses",
    "allegations",
    "allegation",
    "alleged",
    "allegedly",
    "reportedly",
    "purportedly",
    "claimed",
    "claims",
    "unconfirmed",
]);

/// Words that mark a future or intended event: `status: planned`.
pub static PLANNED: WordSet = WordSet::new(&[
    "will",
    "shall",
    "plan",
    "plans",
    "planned",
    "planning",
    "intend",
    "intends",
    "intended",
    "ready",
    "set",
    "preparing",
    "prepares",
    "expected",
    "agreed",
    "aims",
    "aim",
    "going",
    "offer",
    "offers",
    "offered",
    "offering",
    "scheduled",
    "upcoming",
    "future",
    "due",
]);

/// Particles and verbs of negation and denial: `status: denied`.
pub static NEGATION: WordSet =
    WordSet::new(&["not", "no", "never", "n't", "neither", "nor", "without"]);
pub static DENIAL: WordSet = WordSet::new(&[
    "denied",
    "denies",
    "deny",
    "denying",
    "dismissed",
    "dismisses",
    "rejected",
    "rejects",
    "refuted",
    "refutes",
    "rebuffed",
    "rebuffs",
    "rebuffing",
    "refuting",
    "rejecting",
    "dismissing",
    "ban",
    "banned",
    "bans",
    "embargo",
    "prohibits",
    "prohibited",
    "barred",
    "refused",
    "refuses",
    "halted",
    "suspended",
    "cancelled",
    "canceled",
]);

/// Reporting verbs: a dated news report of what someone said describes the
/// news period.
pub static REPORTING: WordSet = WordSet::new(&[
    "said",
    "says",
    "told",
    "announced",
    "announces",
    "stated",
    "states",
    "confirmed",
    "confirms",
    "reported",
    "reports",
    "declared",
    "declares",
]);

/// Words that say a sentence's time is that of an earlier dated sentence.
pub const SAME_TIME: &[&[&str]] = &[
    &["the", "same", "day"],
    &["that", "day"],
    &["the", "same", "week"],
    &["that", "week"],
    &["the", "same", "month"],
    &["that", "month"],
    &["at", "the", "same", "time"],
    &["on", "that", "occasion"],
];
