//! The arguments of an accepted trigger besides its place and date: the
//! assets that moved or were sold, whether a nominal trigger has a
//! destination of its own, and the visiting official's name.

use super::EventType;
use super::assets::{self, Asset, AssetKind};
use super::context::SentenceCtx;
use super::memory::Memory;
use super::places;
use super::spot::Found;
use super::text::TokKind;

/// A destination among the located places of a window, or (when
/// `hardware` counts) a designation.
pub fn has_destination(
    ctx: &SentenceCtx,
    window: (usize, usize),
    f: Found,
    hardware: bool,
) -> bool {
    let located = ctx.located_in(window.0, window.1);
    let dest = places::roles(&ctx.tokens, &located, f.at).contains(&places::Role::Dest);
    dest || (hardware && ctx.has_asset(window.0, window.1, |a| a.kind != AssetKind::Force))
}

/// The assets of an event: named in its window, else in its clause, else
/// the last mover's when the subject refers back, else force nouns.
pub fn event_assets(
    ctx: &SentenceCtx,
    ty: EventType,
    clause: (usize, usize),
    at: usize,
    window: (usize, usize),
    memory: &Memory,
) -> Vec<Asset> {
    let in_range = |from: usize, to: usize| -> Vec<Asset> {
        ctx.assets
            .iter()
            .filter(|x| x.first >= from && x.first < to)
            .cloned()
            .collect()
    };
    let mut found = in_range(window.0, window.1);
    if found.is_empty() {
        found = in_range(clause.0, clause.1);
    }
    let moving = matches!(
        ty,
        EventType::Deployment | EventType::PortCall | EventType::ArmsTransfer
    );
    if found.is_empty() && moving {
        let refers_back = ctx
            .words(clause.0, at)
            .any(|w| matches!(w, "it" | "they" | "pair" | "both"));
        if refers_back && let Some((_, assets)) = &memory.mover {
            found = assets.clone();
        }
    }
    if found.is_empty() && moving {
        found = assets::force_nouns(&ctx.tokens, window.0, window.1);
    }
    found
}

/// The visitor's name: "The visit of President Vladimir Putin to X", or the
/// nearest name before the trigger ("Minister Sergey Shoigu ... wraps up his
/// visit", "Díaz-Canel had visited"). A name is two or more capitalised words
/// that are neither places nor titles, or one followed by a possessive.
pub fn visitor(ctx: &SentenceCtx, clause: (usize, usize), i: usize) -> Option<String> {
    let name_at = |end: usize| -> Option<String> {
        let mut start = end;
        while start > clause.0 && ctx.is_name_word(start - 1) {
            start -= 1;
        }
        let possessive = ctx
            .tokens
            .get(end + 1)
            .is_some_and(|t| t.kind == TokKind::Possessive);
        // A single word names the subject only right before the verb
        // ("Chavez visited", "Díaz-Canel had officially visited").
        let subject = end + 3 >= i && end < i;
        (end + 1 - start >= 2 || possessive || subject).then(|| {
            ctx.tokens[start..=end]
                .iter()
                .map(|t| t.text)
                .collect::<Vec<_>>()
                .join(" ")
        })
    };
    if matches!(ctx.lower(i + 1), "of" | "to" | "by") {
        let mut k = i + 2;
        while k < clause.1 && k < i + 10 {
            if ctx.is_name_word(k) {
                let mut end = k;
                while end + 1 < clause.1 && ctx.is_name_word(end + 1) {
                    end += 1;
                }
                if let Some(n) =
                    name_at(end).filter(|_| end > k || ctx.lower(k.wrapping_sub(1)) != "to")
                {
                    return Some(n);
                }
                k = end;
            }
            k += 1;
        }
    }
    let from = i.saturating_sub(16).max(clause.0);
    (from..i)
        .rev()
        .filter(|&k| ctx.is_name_word(k) && (k + 1 >= i || !ctx.is_name_word(k + 1)))
        .find_map(name_at)
}
