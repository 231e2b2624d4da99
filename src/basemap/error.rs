//! Typed errors of the basemap. Request errors map to HTTP 4xx in the server
//! ([`BasemapError::is_client_error`]); the rest are start-up or internal.

use thiserror::Error;

/// Why a style file was rejected; names the style and the offending field.
#[derive(Debug, Error)]
pub enum StyleError {
    /// A field is missing, has the wrong type or an invalid value.
    #[error("style {style:?}: field `{field}`: {message}")]
    Field {
        style: String,
        field: String,
        message: String,
    },
    /// Two styles share one name.
    #[error("style {0:?} is defined twice")]
    Duplicate(String),
}

/// Everything [`super::Basemap`] can refuse or fail at.
#[derive(Debug, Error)]
pub enum BasemapError {
    #[error("zoom {z} is out of range 0..={max}")]
    ZoomOutOfRange { z: u32, max: u8 },
    #[error("tile {x}/{y} is out of range at zoom {z} (each must be below {n})")]
    TileOutOfRange { z: u32, x: u32, y: u32, n: u32 },
    #[error("unknown style {name:?} (known: {known})")]
    UnknownStyle { name: String, known: String },
    #[error("unsupported scale @{0}x (use 1 or 2)")]
    UnsupportedScale(u32),
    #[error(transparent)]
    Style(#[from] StyleError),
    #[error("basemap data {file}: {message}")]
    Data { file: &'static str, message: String },
    #[error("font: {0}")]
    Font(String),
    #[error("PNG encoding failed: {0}")]
    Encode(String),
}

impl BasemapError {
    /// True when the request itself was wrong (the server answers 4xx).
    pub fn is_client_error(&self) -> bool {
        matches!(
            self,
            Self::ZoomOutOfRange { .. }
                | Self::TileOutOfRange { .. }
                | Self::UnknownStyle { .. }
                | Self::UnsupportedScale(_)
        )
    }
}
