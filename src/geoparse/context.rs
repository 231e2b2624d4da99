//! Words around a name that say what kind of thing it names: a street
//! ("Royal Street", the town "Street" after a name), an organisation
//! ("United Russia", "Real Madrid"), or a place modifying a noun ("the
//! Texas police").

use super::tokens::{Sep, Token};

/// Words that end a street's or road's name.
const STREET_WORDS: [&str; 22] = [
    "street",
    "st.",
    "road",
    "rd.",
    "avenue",
    "ave.",
    "boulevard",
    "blvd.",
    "lane",
    "drive",
    "highway",
    "parkway",
    "pkwy.",
    "square",
    "bridge",
    "freeway",
    "expressway",
    "turnpike",
    "terrace",
    "alley",
    "plaza",
    "court",
];

/// Heads of institutions' and buildings' names: "University of
/// California", "Liverpool Academy", "Manila Cathedral". (Banks, councils
/// and chambers are left out: news names their places as places.)
const ORGANISATION_HEADS: [&str; 11] = [
    "university",
    "college",
    "mall",
    "institute",
    "academy",
    "school",
    "museum",
    "cathedral",
    "hospital",
    "church",
    "seminary",
];

/// Is `word` (a lookup key) the head of an institution's or building's
/// name?
pub fn is_organisation_head(word: &str) -> bool {
    ORGANISATION_HEADS.contains(&word)
}

/// "University of California", "Museum of the Confederacy": an institution's
/// head, "of" and maybe "the" right before token `first`.
pub fn of_organisation(tokens: &[Token], first: usize) -> bool {
    let mut i = first;
    if i >= 1 && tokens[i - 1].key == "the" {
        i -= 1;
    }
    i >= 2
        && tokens[i - 1].key == "of"
        && tokens[i - 2].case == super::tokens::Case::Title
        && is_organisation_head(&tokens[i - 2].key)
}

/// Navies' ship prefixes (USS, HMS, INS, IRIS, ...): the name after one is
/// a ship's.
const SHIP_PREFIXES: [&str; 22] = [
    "uss", "usns", "hms", "hmas", "hmcs", "hmnzs", "ins", "iris", "rfs", "tcg", "kri", "rss",
    "jds", "js", "brp", "bap", "ara", "hnlms", "hdms", "fgs", "sas", "plans",
];

/// Capitalised words before a place name that make the phrase an
/// organisation's name: parties, clubs, assemblies.
const ORGANISATION_BEFORE: [&str; 12] = [
    "united",
    "real",
    "atletico",
    "sporting",
    "dynamo",
    "spartak",
    "lokomotiv",
    "inter",
    "state",
    "fc",
    "radio",
    "bank",
];

/// Nouns that a place name may modify after "the": "the Texas police",
/// "the Chicago native", "the Nenagh district".
const PLACE_NOUNS: [&str; 66] = [
    "police",
    "budget",
    "lawmakers",
    "government",
    "authorities",
    "legislature",
    "military",
    "army",
    "navy",
    "border",
    "coast",
    "economy",
    "region",
    "area",
    "state",
    "city",
    "capital",
    "province",
    "county",
    "countryside",
    "delegation",
    "embassy",
    "consulate",
    "parliament",
    "congress",
    "senate",
    "assembly",
    "community",
    "market",
    "press",
    "media",
    "team",
    "side",
    "office",
    "governor",
    "mayor",
    "president",
    "officials",
    "residents",
    "resident",
    "people",
    "department",
    "campus",
    "native",
    "natives",
    "man",
    "woman",
    "family",
    "neighborhood",
    "neighbourhood",
    "district",
    "suburbs",
    "suburb",
    "outskirts",
    "festival",
    "station",
    "airport",
    "hotspot",
    "students",
    "council",
    "councillor",
    "court",
    "hospital",
    "school",
    "club",
    "fans",
];

/// Words that close an agency's name after a street word: "Mississippi
/// Highway Patrol", "Texas Highway Department".
const AGENCY_WORDS: [&str; 7] = [
    "patrol",
    "department",
    "police",
    "authority",
    "commission",
    "administration",
    "agency",
];

/// Is `[first, last)` part of a street's, organisation's or event's name
/// by the words right around it?
pub fn street_or_organisation(tokens: &[Token], first: usize, last: usize) -> bool {
    let joined_after = tokens.get(last).filter(|t| t.sep == Sep::Space);
    // "Royal Street", "Paris Avenue": the name of a street, not the town;
    // but "Mississippi Highway Patrol" is an agency named after the place.
    let agency = tokens.get(last + 1).is_some_and(|n| {
        n.sep == Sep::Space
            && n.case == super::tokens::Case::Title
            && AGENCY_WORDS.contains(&n.key.as_ref())
    });
    if joined_after.is_some_and(|t| t.is_capitalised() && STREET_WORDS.contains(&t.key.as_ref()))
        && !agency
    {
        return true;
    }
    let before = first
        .checked_sub(1)
        .map(|b| &tokens[b])
        .filter(|_| tokens[first].sep == Sep::Space);
    // "USS Arizona": a navy's prefix is no country either.
    if last - first == 1
        && tokens[first].case == super::tokens::Case::Upper
        && SHIP_PREFIXES.contains(&tokens[first].key.as_ref())
        && joined_after.is_some_and(|t| t.is_capitalised())
    {
        return true;
    }
    // "Press Street": a street word that is a town's name after a name.
    if last - first == 1
        && STREET_WORDS.contains(&tokens[first].key.as_ref())
        && before.is_some_and(|b| b.is_capitalised())
    {
        return true;
    }
    // "USS Arizona", "IRIS Makran": a ship's name after a navy's prefix.
    if before.is_some_and(|b| {
        b.case == super::tokens::Case::Upper && SHIP_PREFIXES.contains(&b.key.as_ref())
    }) {
        return true;
    }
    // "Mosi II", "Louis XIV": exercises, ships and monarchs take numerals.
    if joined_after.is_some_and(|t| is_roman_numeral(t.text)) {
        return true;
    }
    before.is_some_and(|b| {
        b.case == super::tokens::Case::Title && ORGANISATION_BEFORE.contains(&b.key.as_ref())
    })
}

/// "II", "XIV": a Roman numeral of two or more letters (a lone "I" or "V"
/// is more often a word or an initial).
fn is_roman_numeral(word: &str) -> bool {
    word.len() >= 2 && word.bytes().all(|b| matches!(b, b'I' | b'V' | b'X'))
}

/// Nouns after which "of X" names a place: "the city of Salisbury".
const OF_PLACE: [&str; 14] = [
    "city",
    "town",
    "village",
    "county",
    "state",
    "province",
    "port",
    "capital",
    "region",
    "district",
    "suburb",
    "island",
    "outskirts",
    "streets",
];

/// Is `word` a noun after which "of X" names a place?
pub fn is_place_noun(word: &str) -> bool {
    OF_PLACE.contains(&word)
}

/// Verbs of speaking right before or after a name: "said Noma", "Nelson
/// told".
pub fn speaker(before: Option<&Token>, after: Option<&Token>) -> bool {
    const SPEAKING: [&str; 6] = ["said", "says", "told", "added", "asked", "explained"];
    before.is_some_and(|b| SPEAKING[..2].contains(&b.key.as_ref()))
        || after.is_some_and(|a| a.sep == Sep::Space && SPEAKING.contains(&a.key.as_ref()))
}

/// Is the token after a name a noun the name modifies ("the Texas
/// police")?
pub fn modifies_a_place_noun(after: Option<&Token>) -> bool {
    after.is_some_and(|a| {
        a.sep == Sep::Space
            && a.case == super::tokens::Case::Lower
            && PLACE_NOUNS.contains(&a.key.as_ref())
    })
}

/// Is a token joined to the one before it inside a list of names: by
/// spaces ("Khan Younis") or by ", " ("Chittagong, Sylhet")?
fn joined_in_list(t: &Token) -> bool {
    t.sep != Sep::Break || t.comma_before
}

/// Most words a list of names runs over, either way from a name.
const LIST_WORDS: usize = 12;

/// "from Burlington and Rutland", "to Khan Younis or Rafah", "in Chittagong,
/// Sylhet, and Khulna": a name after "and" or "or" that closes a list
/// opened by a locative takes its locative. `b` is the index of the
/// conjunction.
pub fn listed_after_locative(tokens: &[Token], b: usize, locatives: &[&str]) -> bool {
    if !matches!(tokens[b].key.as_ref(), "and" | "or") || !joined_in_list(&tokens[b]) {
        return false;
    }
    // Back over the names before the conjunction, at most a few words.
    let mut j = b;
    while j > 0
        && b - j < LIST_WORDS
        && tokens[j - 1].is_capitalised()
        && joined_in_list(&tokens[j])
    {
        j -= 1;
    }
    j < b
        && j > 0
        && tokens[j].sep != Sep::Break
        && !tokens[j - 1].is_capitalised()
        && locatives.contains(&tokens[j - 1].key.as_ref())
}

/// "in Durham, Raleigh and Cary": a name after a comma inside a list that
/// a locative opens and "and" or "or" closes takes the locative too (the
/// list's names are said alike; a name after a comma alone, "in London,
/// Johnson said", is no list).
pub fn inside_list_after_locative(tokens: &[Token], first: usize, locatives: &[&str]) -> bool {
    if first == 0 || !tokens[first].comma_before || !tokens[first - 1].is_capitalised() {
        return false;
    }
    let mut k = first + 1;
    while k < tokens.len()
        && k - first < LIST_WORDS
        && tokens[k].is_capitalised()
        && joined_in_list(&tokens[k])
    {
        k += 1;
    }
    let closes = tokens
        .get(k + 1)
        .is_some_and(|n| n.is_capitalised() && n.sep == Sep::Space);
    closes && k < tokens.len() && listed_after_locative(tokens, k, locatives)
}
