//! The one error type of the HTTP layer: every failure becomes a JSON body
//! `{"code": "...", "description": "..."}` with a fitting status.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

/// What went wrong with a request.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AppError {
    #[error("unknown query parameter {0:?}")]
    UnknownParameter(String),
    #[error("query parameter {0:?} is given more than once")]
    DuplicateParameter(String),
    #[error("invalid value for {name:?}: {reason}")]
    InvalidParameter { name: String, reason: String },
    #[error("missing required query parameter {0:?}")]
    MissingParameter(String),
    #[error("the query string is not valid: {0}")]
    BadQuery(String),
    #[error("the path is not valid: {0}")]
    BadPath(String),
    #[error("no collection {0:?}")]
    NoCollection(String),
    #[error("collection {collection:?} has no feature {feature:?}")]
    NoFeature { collection: String, feature: String },
    #[error("no document {0:?}")]
    NoDocument(String),
    #[error("nothing at {0}")]
    NoRoute(String),
    #[error("method {0} is not allowed here (only GET and HEAD)")]
    MethodNotAllowed(String),
    #[error("the response would be larger than {limit} bytes: {advice}")]
    TooLarge { limit: u64, advice: String },
    #[error(
        "the request took longer than {0} s; ask for less (a smaller limit or bbox) or try again"
    )]
    Timeout(u64),
    #[error("internal error: {0}")]
    Internal(String),
}

impl AppError {
    pub fn invalid(name: &str, reason: impl Into<String>) -> Self {
        AppError::InvalidParameter {
            name: name.to_string(),
            reason: reason.into(),
        }
    }

    pub fn status(&self) -> StatusCode {
        match self {
            AppError::UnknownParameter(_)
            | AppError::DuplicateParameter(_)
            | AppError::InvalidParameter { .. }
            | AppError::MissingParameter(_)
            | AppError::BadQuery(_)
            | AppError::BadPath(_) => StatusCode::BAD_REQUEST,
            AppError::NoCollection(_)
            | AppError::NoFeature { .. }
            | AppError::NoDocument(_)
            | AppError::NoRoute(_) => StatusCode::NOT_FOUND,
            AppError::MethodNotAllowed(_) => StatusCode::METHOD_NOT_ALLOWED,
            AppError::TooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::Timeout(_) => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The machine-readable code (OGC API exception style).
    pub fn code(&self) -> &'static str {
        match self {
            AppError::UnknownParameter(_) => "UnknownParameter",
            AppError::DuplicateParameter(_) => "DuplicateParameter",
            AppError::InvalidParameter { .. } => "InvalidParameterValue",
            AppError::MissingParameter(_) => "MissingParameterValue",
            AppError::BadQuery(_) => "InvalidQuery",
            AppError::BadPath(_) => "InvalidPath",
            AppError::NoCollection(_)
            | AppError::NoFeature { .. }
            | AppError::NoDocument(_)
            | AppError::NoRoute(_) => "NotFound",
            AppError::MethodNotAllowed(_) => "MethodNotAllowed",
            AppError::TooLarge { .. } => "ResponseTooLarge",
            AppError::Timeout(_) => "Timeout",
            AppError::Internal(_) => "InternalError",
        }
    }
}

#[derive(Serialize)]
struct Body<'a> {
    code: &'a str,
    description: String,
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let body = Body {
            code: self.code(),
            description: self.to_string(),
        };
        let mut response = (self.status(), Json(body)).into_response();
        // Errors describe this request only: never cache them.
        response.headers_mut().insert(
            axum::http::header::CACHE_CONTROL,
            axum::http::HeaderValue::from_static("no-store"),
        );
        response
    }
}
