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
    /// A write without a valid token; `invalid` when one was given.
    #[error("{reason}")]
    Unauthorized { reason: String, invalid: bool },
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    PayloadTooLarge(String),
    #[error("{0}")]
    UnsupportedMediaType(String),
    #[error("the request body is not valid: {0}")]
    BadBody(String),
    #[error("the store cannot take the write now: {0}")]
    Unavailable(String),
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
            AppError::Unauthorized { .. } => StatusCode::UNAUTHORIZED,
            AppError::Forbidden(_) => StatusCode::FORBIDDEN,
            AppError::PayloadTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            AppError::BadBody(_) => StatusCode::BAD_REQUEST,
            AppError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
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
            AppError::Unauthorized { .. } => "Unauthorized",
            AppError::Forbidden(_) => "Forbidden",
            AppError::PayloadTooLarge(_) => "PayloadTooLarge",
            AppError::UnsupportedMediaType(_) => "UnsupportedMediaType",
            AppError::BadBody(_) => "InvalidBody",
            AppError::Unavailable(_) => "Unavailable",
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
        let challenge = match &self {
            AppError::Unauthorized { invalid: true, .. } => {
                Some("Bearer realm=\"mapwire\", error=\"invalid_token\"")
            }
            AppError::Unauthorized { .. } => Some("Bearer realm=\"mapwire\""),
            _ => None,
        };
        let mut response = (self.status(), Json(body)).into_response();
        if let Some(challenge) = challenge {
            response.headers_mut().insert(
                axum::http::header::WWW_AUTHENTICATE,
                axum::http::HeaderValue::from_static(challenge),
            );
        }
        // Errors describe this request only: never cache them.
        response.headers_mut().insert(
            axum::http::header::CACHE_CONTROL,
            axum::http::HeaderValue::from_static("no-store"),
        );
        response
    }
}
