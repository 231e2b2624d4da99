//! Who may write: bearer tokens, each with a name for the logs, from a
//! token file (`--token-file`) or `MAPWIRE_TOKEN`. Reads stay open.
//!
//! Tokens are kept as SHA-256 digests and a presented token is hashed and
//! compared with every configured digest in constant time (`subtle`), so
//! neither the comparison nor the token's length leaks through timing.

use std::path::Path;

use axum::http::{HeaderMap, header};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use super::AppError;

/// Shortest token accepted: guessing 16 random characters is hopeless,
/// guessing "secret" is not.
pub const MIN_TOKEN_CHARS: usize = 16;
/// Query parameters that would carry a token in a URL.
const TOKEN_PARAMETERS: [&str; 4] = ["access_token", "token", "api_key", "apikey"];

/// One configured token.
#[derive(Clone)]
struct Token {
    name: String,
    digest: [u8; 32],
}

/// The configured tokens; none means writes are switched off.
#[derive(Clone, Default)]
pub struct Tokens {
    tokens: Vec<Token>,
}

impl std::fmt::Debug for Tokens {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let names: Vec<&str> = self.tokens.iter().map(|t| t.name.as_str()).collect();
        f.debug_struct("Tokens").field("names", &names).finish()
    }
}

fn digest(token: &str) -> [u8; 32] {
    Sha256::digest(token.as_bytes()).into()
}

impl Tokens {
    /// Adds a token named `name`, refusing short ones.
    pub fn add(&mut self, name: &str, token: &str) -> Result<(), String> {
        if token.chars().count() < MIN_TOKEN_CHARS {
            return Err(format!(
                "token {name:?} is shorter than {MIN_TOKEN_CHARS} characters; make one with \
                 `openssl rand -hex 32`"
            ));
        }
        if token.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(format!("token {name:?} contains white space"));
        }
        self.tokens.push(Token {
            name: name.to_string(),
            digest: digest(token),
        });
        Ok(())
    }

    /// Reads a token file: one token a line, optionally after a name
    /// (`name token`); blank lines and lines starting with `#` are skipped.
    pub fn read_file(&mut self, path: &Path) -> Result<(), String> {
        let shown = path.display();
        let text =
            std::fs::read_to_string(path).map_err(|e| format!("{shown}: cannot read: {e}"))?;
        let before = self.tokens.len();
        for (n, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let fields: Vec<&str> = line.split_whitespace().collect();
            let (name, token) = match fields.as_slice() {
                [token] => (format!("{}:{}", shown, n + 1), *token),
                [name, token] => ((*name).to_string(), *token),
                _ => {
                    return Err(format!(
                        "{shown}: line {}: expected `TOKEN` or `NAME TOKEN`",
                        n + 1
                    ));
                }
            };
            self.add(&name, token)
                .map_err(|e| format!("{shown}: line {}: {e}", n + 1))?;
        }
        if self.tokens.len() == before {
            return Err(format!("{shown}: no token in the file"));
        }
        warn_if_readable_by_others(path);
        Ok(())
    }

    pub fn is_empty(&self) -> bool {
        self.tokens.is_empty()
    }

    pub fn len(&self) -> usize {
        self.tokens.len()
    }

    /// The name of the token a write request carries, or why it may not
    /// write: tokens in the query string are refused, a server without
    /// tokens answers `403`, a missing or wrong token `401`.
    pub fn check(&self, headers: &HeaderMap, query: Option<&str>) -> Result<String, AppError> {
        if let Some(query) = query
            && query.split('&').any(|pair| {
                let name = pair.split('=').next().unwrap_or("");
                TOKEN_PARAMETERS
                    .iter()
                    .any(|t| t.eq_ignore_ascii_case(name))
            })
        {
            return Err(AppError::BadQuery(
                "a token in the URL is refused (URLs end up in logs and histories): send it \
                 as `Authorization: Bearer TOKEN`"
                    .into(),
            ));
        }
        if self.tokens.is_empty() {
            return Err(AppError::Forbidden(
                "writes are switched off on this server: start it with --token-file FILE (one \
                 token a line, optionally `NAME TOKEN`) or with MAPWIRE_TOKEN set, then send \
                 `Authorization: Bearer TOKEN`"
                    .into(),
            ));
        }
        let presented = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| {
                let (scheme, token) = v.trim().split_once(' ')?;
                scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
            });
        let Some(token) = presented else {
            return Err(AppError::Unauthorized {
                reason: "this write needs `Authorization: Bearer TOKEN`".into(),
                invalid: false,
            });
        };
        let given = digest(token);
        let mut found: Option<&Token> = None;
        // Every digest is compared, whatever matched before; the first
        // match names the writer.
        for t in &self.tokens {
            let equal = bool::from(t.digest.ct_eq(&given));
            if equal && found.is_none() {
                found = Some(t);
            }
        }
        found
            .map(|t| t.name.clone())
            .ok_or_else(|| AppError::Unauthorized {
                reason: "the token is not valid".into(),
                invalid: true,
            })
    }
}

#[cfg(unix)]
fn warn_if_readable_by_others(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    if let Ok(meta) = std::fs::metadata(path)
        && meta.permissions().mode() & 0o004 != 0
    {
        tracing::warn!(
            "{} can be read by every user of this machine; `chmod 600` it",
            path.display()
        );
    }
}

#[cfg(not(unix))]
fn warn_if_readable_by_others(_: &Path) {}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    const TOKEN: &str = "0123456789abcdef0123";

    fn bearer(token: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(
            header::AUTHORIZATION,
            HeaderValue::from_str(&format!("Bearer {token}")).unwrap(),
        );
        h
    }

    #[test]
    fn the_right_token_names_its_owner_and_others_get_401() {
        let mut tokens = Tokens::default();
        tokens.add("newsroom", TOKEN).unwrap();
        assert_eq!(tokens.check(&bearer(TOKEN), None).unwrap(), "newsroom");
        let wrong = tokens.check(&bearer("0123456789abcdef0124"), None);
        assert!(matches!(
            wrong,
            Err(AppError::Unauthorized { invalid: true, .. })
        ));
        let missing = tokens.check(&HeaderMap::new(), None);
        assert!(matches!(
            missing,
            Err(AppError::Unauthorized { invalid: false, .. })
        ));
        let in_query = tokens.check(&bearer(TOKEN), Some("access_token=x"));
        assert!(matches!(in_query, Err(AppError::BadQuery(_))));
    }

    #[test]
    fn without_tokens_writes_are_forbidden_with_advice() {
        let err = Tokens::default().check(&bearer(TOKEN), None).unwrap_err();
        assert!(matches!(&err, AppError::Forbidden(m) if m.contains("--token-file")));
    }

    #[test]
    fn token_files_name_their_tokens_and_their_bad_lines() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("tokens");
        std::fs::write(&file, format!("# writers\nalice {TOKEN}\n\n{TOKEN}zz\n")).unwrap();
        let mut tokens = Tokens::default();
        tokens.read_file(&file).unwrap();
        assert_eq!(tokens.len(), 2);
        assert_eq!(tokens.check(&bearer(TOKEN), None).unwrap(), "alice");
        std::fs::write(&file, "bob short\n").unwrap();
        let err = Tokens::default().read_file(&file).unwrap_err();
        assert!(err.contains("line 1") && err.contains("shorter"), "{err}");
    }
}
