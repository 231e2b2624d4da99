//! `--pg-layers` while the server runs: SIGHUP reads the tables again. A
//! reload that fails (the database down, a table dropped) keeps the last
//! good layers served and logs why.
//!
//! The `--data` files and the PostGIS tables are both "data layers" of the
//! live catalog; [`DataLayers`] holds the two parts so that a reload of one
//! leaves the other as it is.

use std::sync::{Arc, Mutex};

use tokio::sync::broadcast;

use crate::layers::Layer;
use crate::layers::postgis::PgLayers;
use crate::live::Live;

/// Which part of the data layers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// The `--data` directory's files.
    Files,
    /// The `--pg-layers` tables.
    Tables,
}

/// The data layers of a live catalog, in their two parts.
pub struct DataLayers {
    live: Arc<Live>,
    parts: Mutex<Parts>,
}

/// The layers of the files, then those of the tables.
type Parts = (Vec<Arc<Layer>>, Vec<Arc<Layer>>);

impl DataLayers {
    /// Starts from the layers the catalog was built with.
    pub fn new(live: Arc<Live>, files: Vec<Arc<Layer>>, tables: Vec<Arc<Layer>>) -> Arc<Self> {
        Arc::new(DataLayers {
            live,
            parts: Mutex::new((files, tables)),
        })
    }

    /// Serves `layers` as that part, the other part unchanged.
    pub fn set(&self, part: Part, layers: Vec<Arc<Layer>>) {
        let Ok(mut parts) = self.parts.lock() else {
            return;
        };
        match part {
            Part::Files => parts.0 = layers,
            Part::Tables => parts.1 = layers,
        }
        let all = parts.0.iter().chain(&parts.1).cloned().collect();
        self.live.set_data_layers(all);
    }
}

/// Reloads the PostGIS layers on every SIGHUP (from `hangups`) until the
/// process ends.
pub async fn run(source: PgLayers, sink: Arc<DataLayers>, mut hangups: broadcast::Receiver<()>) {
    loop {
        match hangups.recv().await {
            Ok(()) | Err(broadcast::error::RecvError::Lagged(_)) => {}
            Err(broadcast::error::RecvError::Closed) => return,
        }
        tracing::info!("SIGHUP: reloading the tables of {}", source.describe());
        match source.load().await {
            Ok(layers) => sink.set(Part::Tables, layers.into_iter().map(Arc::new).collect()),
            Err(e) => tracing::error!("not reloaded: {e}; the last good layers stay served"),
        }
    }
}
