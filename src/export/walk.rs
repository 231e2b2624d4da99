//! The export loop: zoom by zoom, build the tiles of the frontier on every
//! core, hand the non-empty ones to the writers in PMTiles order, and
//! descend where features were reached (see [`super::enumerate`]).
//!
//! Tiles are built in chunks, so at most one chunk of finished tiles is in
//! memory at a time; the frontier itself is 12 bytes a tile.

use std::sync::atomic::{AtomicBool, Ordering};

use rayon::prelude::*;

use crate::tiles::TileId;

use super::ExportError;
use super::enumerate::{Range, next_level};

/// Tiles built in parallel before they are written, in order.
const CHUNK: usize = 512;

/// One built tile, as the walk needs it.
#[derive(Debug)]
pub struct Made {
    /// The bytes to store (empty: nothing to store).
    pub bytes: Vec<u8>,
    /// Whether a feature reached the tile (so its children may hold some).
    pub reached: bool,
}

/// What builds the tiles of an export.
pub trait TileMaker: Sync {
    fn make(&self, tile: TileId) -> Result<Made, ExportError>;

    /// Whether an empty tile prunes its children (vector layers); a raster
    /// basemap is drawn everywhere, so its tiles below `minzoom` need not
    /// be built to know where to go on.
    fn prunes(&self) -> bool {
        true
    }
}

/// Where the walk is, for a progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Zoom `z` starts, with `tiles` to visit.
    Zoom { z: u8, tiles: u64 },
    /// `tiles` more visited, of which `written` were stored.
    Done { tiles: u64, written: u64 },
}

/// Counts of a finished walk.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct WalkStats {
    /// Tiles built (visited).
    pub visited: u64,
    /// Tiles stored, and their bytes.
    pub written: u64,
    pub bytes: u64,
    /// Tiles stored per zoom (index = zoom).
    pub per_zoom: Vec<u64>,
}

/// Limits of a walk.
#[derive(Debug, Clone, Copy)]
pub struct Limits<'a> {
    /// Most tiles built: a zoom that would go past it is not started (the
    /// inside of a country is a non-empty tile at every zoom, so an export
    /// of polygons to a deep zoom can run to tens of millions).
    pub max_tiles: u64,
    /// Set (e.g. by a signal handler) to stop between chunks.
    pub cancel: &'a AtomicBool,
}

/// Receives each non-empty tile, in order.
pub type Store<'a> = dyn FnMut(TileId, &[u8]) -> Result<(), ExportError> + 'a;

/// Walks `range`, calling `store` for every non-empty tile in order.
pub fn walk(
    maker: &dyn TileMaker,
    range: &Range,
    limits: Limits,
    store: &mut Store,
    progress: &(dyn Fn(Step) + Sync),
) -> Result<WalkStats, ExportError> {
    let mut stats = WalkStats {
        per_zoom: vec![0; usize::from(range.maxzoom) + 1],
        ..WalkStats::default()
    };
    let mut frontier = vec![TileId { z: 0, x: 0, y: 0 }];
    for z in 0..=range.maxzoom {
        let planned = stats.visited + frontier.len() as u64;
        if planned > limits.max_tiles {
            return Err(ExportError::TooManyTiles {
                zoom: z,
                tiles: planned,
                max: limits.max_tiles,
            });
        }
        progress(Step::Zoom {
            z,
            tiles: frontier.len() as u64,
        });
        let skip = z < range.minzoom && !maker.prunes();
        let mut reached = Vec::new();
        for chunk in frontier.chunks(CHUNK) {
            if limits.cancel.load(Ordering::Relaxed) {
                return Err(ExportError::Cancelled);
            }
            if skip {
                reached.extend_from_slice(chunk);
                progress(Step::Done {
                    tiles: chunk.len() as u64,
                    written: 0,
                });
                continue;
            }
            let made: Vec<Result<Made, ExportError>> =
                chunk.par_iter().map(|t| maker.make(*t)).collect();
            let mut written = 0;
            for (tile, made) in chunk.iter().zip(made) {
                let made = made?;
                stats.visited += 1;
                if made.reached {
                    reached.push(*tile);
                }
                if z >= range.minzoom && !made.bytes.is_empty() {
                    store(*tile, &made.bytes)?;
                    written += 1;
                    stats.bytes += made.bytes.len() as u64;
                }
            }
            stats.written += written;
            stats.per_zoom[usize::from(z)] += written;
            progress(Step::Done {
                tiles: chunk.len() as u64,
                written,
            });
        }
        if z == range.maxzoom {
            break;
        }
        frontier = next_level(&reached, range);
        if frontier.is_empty() {
            break;
        }
    }
    Ok(stats)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use std::sync::Mutex;

    static GO: AtomicBool = AtomicBool::new(false);
    const NO_LIMIT: Limits = Limits {
        max_tiles: u64::MAX,
        cancel: &GO,
    };

    /// Tiles over one point (Havana): every tile holding it is reached and
    /// stored, with its z/x/y as bytes.
    struct OnePoint {
        built: Mutex<Vec<TileId>>,
    }

    impl TileMaker for OnePoint {
        fn make(&self, t: TileId) -> Result<Made, ExportError> {
            self.built.lock().unwrap().push(t);
            let hit = crate::tiles::grid::tile_at(-82.38, 23.13, t.z) == t;
            Ok(Made {
                bytes: if hit {
                    format!("{}/{}/{}", t.z, t.x, t.y).into_bytes()
                } else {
                    Vec::new()
                },
                reached: hit,
            })
        }
    }

    #[test]
    fn the_walk_follows_the_features_down() {
        let maker = OnePoint {
            built: Mutex::new(Vec::new()),
        };
        let range = Range::new(2, 8, None, 24).unwrap();
        let mut stored = Vec::new();
        let stats = walk(
            &maker,
            &range,
            NO_LIMIT,
            &mut |t, b| {
                stored.push((t, b.to_vec()));
                Ok(())
            },
            &|_| {},
        )
        .unwrap();
        // One tile per zoom from 2 to 8, and 4 children visited per level.
        assert_eq!(stats.written, 7);
        assert_eq!(stats.visited, 1 + 8 * 4);
        assert_eq!(maker.built.lock().unwrap().len(), 33);
        assert_eq!(stored[0].1, b"2/1/1");
        assert!(
            stored
                .iter()
                .all(|(t, b)| *b == format!("{}/{}/{}", t.z, t.x, t.y).into_bytes())
        );
        assert_eq!(stats.per_zoom, vec![0, 0, 1, 1, 1, 1, 1, 1, 1]);
    }

    #[test]
    fn a_store_error_stops_the_walk() {
        let maker = OnePoint {
            built: Mutex::new(Vec::new()),
        };
        let range = Range::new(0, 5, None, 24).unwrap();
        let err = walk(
            &maker,
            &range,
            NO_LIMIT,
            &mut |_, _| Err(ExportError::Range("disk full".into())),
            &|_| {},
        )
        .unwrap_err();
        assert!(err.to_string().contains("disk full"));
    }

    #[test]
    fn the_tile_budget_and_cancelling_stop_the_walk() {
        let maker = OnePoint {
            built: Mutex::new(Vec::new()),
        };
        let range = Range::new(0, 8, None, 24).unwrap();
        let limits = Limits {
            max_tiles: 10,
            cancel: &GO,
        };
        let err = walk(&maker, &range, limits, &mut |_, _| Ok(()), &|_| {}).unwrap_err();
        // z0 + z1 + z2 = 9 tiles fit, z3 would make 13.
        assert!(
            matches!(
                err,
                ExportError::TooManyTiles {
                    zoom: 3,
                    tiles: 13,
                    max: 10
                }
            ),
            "{err}"
        );
        let stop = AtomicBool::new(true);
        let limits = Limits {
            max_tiles: u64::MAX,
            cancel: &stop,
        };
        let err = walk(&maker, &range, limits, &mut |_, _| Ok(()), &|_| {}).unwrap_err();
        assert!(matches!(err, ExportError::Cancelled));
    }
}
