//! Starting the server: the chain behind jsonrpsee on 127.0.0.1.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use jsonrpsee::server::{Server, ServerConfig, ServerHandle};

use crate::chain::{Chain, ChainConfig};
use crate::rpc::{module, SharedChain};

/// Largest request body (geth's 5 MiB).
pub const MAX_BODY: u32 = 5 * 1024 * 1024;

/// A running node.
#[derive(Debug)]
pub struct NodeHandle {
    /// Where it listens.
    pub addr: SocketAddr,
    /// The chain, for in-process inspection.
    pub chain: SharedChain,
    handle: ServerHandle,
}

impl NodeHandle {
    /// `http://<addr>`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Stops the server and waits until it has stopped.
    pub async fn stop(self) {
        let _ = self.handle.stop();
        self.handle.stopped().await;
    }

    /// Waits until the server stops.
    pub async fn stopped(self) {
        self.handle.stopped().await;
    }
}

/// Opens the chain and serves it on `127.0.0.1:port` (`0` picks a free port).
pub async fn spawn(config: ChainConfig, port: u16) -> eyre::Result<NodeHandle> {
    let chain = tokio::task::spawn_blocking(move || Chain::open(config))
        .await?
        .map_err(|e| eyre::eyre!(e))?;
    let chain: SharedChain = Arc::new(Mutex::new(chain));
    let config = ServerConfig::builder()
        .max_request_body_size(MAX_BODY)
        .max_response_body_size(u32::MAX)
        .build();
    let server = Server::builder()
        .set_config(config)
        .build(SocketAddr::from(([127, 0, 0, 1], port)))
        .await?;
    let addr = server.local_addr()?;
    let handle = server.start(module(chain.clone()));
    Ok(NodeHandle {
        addr,
        chain,
        handle,
    })
}
