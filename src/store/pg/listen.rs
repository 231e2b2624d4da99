//! The change feed of a PostGIS store: one connection of its own (outside
//! the pool) that `LISTEN`s on the channel every replica's writes
//! `NOTIFY`, and turns each notification into a [`Change`].
//!
//! Notifications sent while the connection was down are lost, so after a
//! reconnect the feed announces a full reload: the replica reads the whole
//! store again and misses nothing. It reconnects by itself, backing off up
//! to a few seconds, and logs an outage once, not once per attempt.

use std::time::Duration;

use tokio::sync::{broadcast, mpsc};
use tokio_postgres::{AsyncMessage, Client, Config};
use tokio_postgres_rustls::MakeRustlsConnect;

use super::read;
use super::schema::detail;
use super::write::CHANNEL;
use crate::store::Change;

const MAX_BACKOFF: Duration = Duration::from_secs(4);

/// Connects and listens; the receiver of notifications (payloads) ends
/// when the connection does.
pub async fn connect(
    config: &Config,
    tls: &MakeRustlsConnect,
) -> Result<(Client, mpsc::UnboundedReceiver<String>), tokio_postgres::Error> {
    let (client, mut connection) = config.connect(tls.clone()).await?;
    let (tx, rx) = mpsc::unbounded_channel();
    tokio::spawn(async move {
        loop {
            match std::future::poll_fn(|cx| connection.poll_message(cx)).await {
                Some(Ok(AsyncMessage::Notification(n))) => {
                    if tx.send(n.payload().to_string()).is_err() {
                        return;
                    }
                }
                Some(Ok(_)) => {}
                Some(Err(e)) => {
                    tracing::debug!("change feed connection ended: {e}");
                    return;
                }
                None => return,
            }
        }
    });
    client.batch_execute(&format!("LISTEN {CHANNEL}")).await?;
    Ok((client, rx))
}

/// Forwards notifications to `changes` for as long as anyone may listen,
/// reconnecting (and then asking for a reload) whenever the connection
/// drops, with the store's TLS settings. `first` is the connection opened
/// before the store was loaded.
pub async fn run(
    (config, tls): (Config, MakeRustlsConnect),
    label: String,
    first: (Client, mpsc::UnboundedReceiver<String>),
    changes: broadcast::Sender<Change>,
) {
    let (mut client, mut rx) = first;
    loop {
        while let Some(payload) = rx.recv().await {
            match parse(&payload) {
                Some(change) => {
                    let _ = changes.send(change);
                }
                None => tracing::warn!("{label}: ignored a change notice: {payload:?}"),
            }
        }
        drop(client);
        tracing::warn!("{label}: lost the change feed; reconnecting");
        let mut backoff = Duration::from_millis(100);
        let mut logged = false;
        (client, rx) = loop {
            tokio::time::sleep(backoff).await;
            match connect(&config, &tls).await {
                Ok(pair) => break pair,
                Err(e) => {
                    if !logged {
                        tracing::warn!("{label}: database unreachable ({}); retrying", detail(&e));
                        logged = true;
                    }
                    backoff = (backoff * 2).min(MAX_BACKOFF);
                }
            }
        };
        // What was written meanwhile was not announced: reload everything.
        let revision = read::revision(&client).await.unwrap_or(0);
        tracing::info!("{label}: change feed back at revision {revision}; reloading");
        let _ = changes.send(Change {
            revision,
            documents: Vec::new(),
            reload: true,
        });
    }
}

/// A notification's payload: `{"revision": N, "documents": [...], "reload": bool}`.
fn parse(payload: &str) -> Option<Change> {
    let v: serde_json::Value = serde_json::from_str(payload).ok()?;
    Some(Change {
        revision: v.get("revision")?.as_u64()?,
        documents: v
            .get("documents")?
            .as_array()?
            .iter()
            .filter_map(|d| d.as_str().map(String::from))
            .collect(),
        reload: v
            .get("reload")
            .and_then(serde_json::Value::as_bool)
            .unwrap_or(false),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payloads_become_changes() {
        let c = parse(r#"{"revision":7,"documents":["a","b"],"reload":false}"#);
        assert_eq!(
            c,
            Some(Change {
                revision: 7,
                documents: vec!["a".into(), "b".into()],
                reload: false
            })
        );
        assert_eq!(parse("not json"), None);
        assert_eq!(parse(r#"{"documents":[]}"#), None);
    }
}
