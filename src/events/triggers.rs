//! Trigger words: the verbs and nouns that can announce an event, grouped by
//! the kind of event they may start. A trigger alone is never enough: the
//! rules in [`super::rules`] check its arguments (what moved, what was sold,
//! which agreement) before an event is made.

mod cue_words;

pub use cue_words::{
    AGREEMENT_NOUNS, ALLEGED, DENIAL, EXTENDING, HYPOTHETICAL, NEGATION, PLANNED, REPORTING,
    SAME_TIME,
};

/// What a trigger word can announce.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trigger {
    /// send, deploy, dispatch, station, airlift, position: forces put somewhere.
    Send,
    /// deployment, redeployment (nouns).
    DeployNoun,
    /// arrive, land, touch down, fly, sail, steam, reach, enter, move into.
    Move,
    /// leave, depart: the object is where the mover came from.
    Depart,
    /// remain, stay, spend (time) at, join, take up station: presence somewhere.
    Presence,
    /// secure, seize, take control of: forces holding a place.
    Secure,
    /// open (a base): a presence established.
    Open,
    /// visit, tour, trip.
    Visit,
    /// met, meeting, talks: a visit when officials meet.
    Meet,
    /// host, welcome: a visit when the guest is an official, a port call
    /// when it is a ship.
    Host,
    /// call (at a port), dock, moor, berth, tie up, anchor, put in, stop, refuel.
    Call,
    /// supply, sell, deliver, export, transfer, provide, hand over, ship.
    Supply,
    /// buy, purchase, acquire, receive, import: the agent is the recipient.
    Acquire,
    /// commission, induct, put into service: delivered hardware entering a
    /// force's inventory.
    Commission,
    /// sign, ratify, conclude, formalise, seal; extend or renew (an
    /// agreement).
    Sign,
    /// allow, let, grant, authorise, permit: a permission for forces or ships.
    Permit,
    /// exercise, drill, manoeuvre (nouns, with a military modifier).
    Exercise,
}

const TABLE: &[(Trigger, &[&str])] = &[
    (
        Trigger::Send,
        &[
            "airlift",
            "airlifted",
            "airlifting",
            "airlifts",
            "positioned",
            "positioning",
            "send",
            "sends",
            "sent",
            "sending",
            "deploy",
            "deploys",
            "deployed",
            "deploying",
            "dispatch",
            "dispatches",
            "dispatched",
            "dispatching",
            "station",
            "stations",
            "stationed",
            "stationing",
            "redeploy",
            "redeployed",
            "redeploys",
            "relocated",
            "relocate",
        ],
    ),
    (
        Trigger::DeployNoun,
        &["deployment", "deployments", "redeployment", "dispatching"],
    ),
    (
        Trigger::Move,
        &[
            "steamed",
            "steaming",
            "reaching",
            "reach",
            "reaches",
            "moving",
            "moved",
            "move",
            "moves",
            "landings",
            "arrivals",
            "entering",
            "flights",
            "arrive",
            "arrives",
            "arrived",
            "arriving",
            "arrival",
            "land",
            "lands",
            "landed",
            "landing",
            "fly",
            "flies",
            "flew",
            "flown",
            "flying",
            "sail",
            "sails",
            "sailed",
            "sailing",
            "head",
            "heads",
            "headed",
            "heading",
            "rushed",
            "rush",
            "travel",
            "travels",
            "travelled",
            "traveled",
            "travelling",
            "traveling",
            "came",
            "reached",
            "entered",
            "enter",
            "enters",
            "way",
            "route",
        ],
    ),
    (
        Trigger::Visit,
        &[
            "visit", "visits", "visited", "visiting", "tour", "toured", "touring", "trip",
        ],
    ),
    (Trigger::Meet, &["met", "meet", "meets", "meeting", "talks"]),
    (
        Trigger::Depart,
        &[
            "left",
            "leave",
            "leaves",
            "leaving",
            "depart",
            "departs",
            "departed",
            "departing",
        ],
    ),
    (
        Trigger::Presence,
        &[
            "remain", "remains", "remained", "stay", "stays", "stayed", "staying", "spent",
            "spend", "spends", "joined", "join", "joins",
        ],
    ),
    (
        Trigger::Secure,
        &[
            "secure", "secures", "secured", "securing", "seized", "seize", "seizes",
        ],
    ),
    (Trigger::Open, &["open", "opens", "opened", "opening"]),
    (
        Trigger::Host,
        &[
            "hosted",
            "hosts",
            "host",
            "hosting",
            "welcomed",
            "welcomes",
            "welcome",
            "welcoming",
        ],
    ),
    (
        Trigger::Commission,
        &[
            "commissioned",
            "commissions",
            "commission",
            "commissioning",
            "inducted",
            "inducts",
            "induct",
            "induction",
        ],
    ),
    (
        Trigger::Call,
        &[
            "moor",
            "moors",
            "mooring",
            "berth",
            "berths",
            "berthing",
            "anchored",
            "stopped",
            "stop",
            "stops",
            "stopping",
            "refuelled",
            "refueled",
            "refuelling",
            "refueling",
            "refuels",
            "call",
            "calls",
            "called",
            "calling",
            "dock",
            "docks",
            "docked",
            "docking",
            "moored",
            "berthed",
        ],
    ),
    (
        Trigger::Supply,
        &[
            "handed",
            "supply",
            "supplies",
            "supplied",
            "supplying",
            "sell",
            "sells",
            "sold",
            "selling",
            "sale",
            "sales",
            "deliver",
            "delivers",
            "delivered",
            "delivering",
            "delivery",
            "deliveries",
            "export",
            "exports",
            "exported",
            "exporting",
            "transfer",
            "transfers",
            "transferred",
            "transferring",
            "provide",
            "provides",
            "provided",
            "providing",
            "shipped",
            "shipment",
            "shipments",
        ],
    ),
    (
        Trigger::Acquire,
        &[
            "buy",
            "buys",
            "bought",
            "buying",
            "purchase",
            "purchases",
            "purchased",
            "purchasing",
            "acquire",
            "acquires",
            "acquired",
            "acquiring",
            "acquisition",
            "receive",
            "receives",
            "received",
            "import",
            "imports",
            "imported",
        ],
    ),
    (
        Trigger::Sign,
        &[
            "initialled",
            "approved",
            "approves",
            "initialed",
            "concludes",
            "concluding",
            "ratification",
            "signature",
            "sign",
            "signs",
            "signed",
            "signing",
            "ratify",
            "ratifies",
            "ratified",
            "ratifying",
            "ratification",
            "conclude",
            "concluded",
            "formalize",
            "formalized",
            "formalizing",
            "formalise",
            "formalised",
            "formalising",
            "seal",
            "sealed",
            "inked",
        ],
    ),
    (
        Trigger::Permit,
        &[
            "let",
            "lets",
            "letting",
            "grant",
            "grants",
            "granted",
            "granting",
            "allow",
            "allows",
            "allowed",
            "allowing",
            "authorize",
            "authorizes",
            "authorized",
            "authorizing",
            "authorise",
            "authorises",
            "authorised",
            "authorising",
            "permit",
            "permits",
            "permitted",
            "permitting",
        ],
    ),
    (
        Trigger::Exercise,
        &[
            "exercise",
            "exercises",
            "drill",
            "drills",
            "manoeuvre",
            "manoeuvres",
            "maneuver",
            "maneuvers",
            "wargames",
            "war-games",
            "passex",
            "patrol",
            "patrols",
        ],
    ),
];

/// The trigger class of a lower-case word. Every token of every sentence is
/// looked up, so the table is indexed once.
pub fn lookup(lower: &str) -> Option<Trigger> {
    static INDEX: std::sync::OnceLock<ahash::AHashMap<&'static str, Trigger>> =
        std::sync::OnceLock::new();
    let index = INDEX.get_or_init(|| {
        let mut map = ahash::AHashMap::new();
        for (trigger, words) in TABLE {
            for w in *words {
                map.entry(*w).or_insert(*trigger);
            }
        }
        map
    });
    // Extending an agreement is signing a new one (`EXTENDING`).
    index
        .get(lower)
        .copied()
        .or_else(|| EXTENDING.contains(lower).then_some(Trigger::Sign))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookup_finds_each_class() {
        assert_eq!(lookup("sent"), Some(Trigger::Send));
        assert_eq!(lookup("ratified"), Some(Trigger::Sign));
        assert_eq!(lookup("renewed"), Some(Trigger::Sign));
        assert_eq!(lookup("docked"), Some(Trigger::Call));
        assert_eq!(lookup("bananas"), None);
    }
}
