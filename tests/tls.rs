//! TLS and mutual TLS with certificates generated for the test: a client
//! that trusts the CA is served; a plaintext client is not; with mutual TLS,
//! a client without a certificate is refused and one with a certificate
//! signed by the client CA is served.

mod common;

use common::{pipeline, request};
use enrich::proto::enrich::v1::enrich_service_client::EnrichServiceClient;
use enrich::server::{self, ServerConfig, TlsConfig};
use rcgen::{BasicConstraints, CertificateParams, IsCa, Issuer, KeyPair};
use std::net::SocketAddr;
use tonic::transport::{Certificate, Channel, ClientTlsConfig, Identity};

struct Pki {
    ca_pem: String,
    server_cert: String,
    server_key: String,
    client_cert: String,
    client_key: String,
}

fn pki() -> Pki {
    let ca_key = KeyPair::generate().expect("CA key");
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).expect("CA params");
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    let ca_pem = ca_params.self_signed(&ca_key).expect("CA certificate").pem();
    let issuer = Issuer::new(ca_params, ca_key);
    let leaf = |names: Vec<String>| {
        let key = KeyPair::generate().expect("key");
        let cert = CertificateParams::new(names)
            .expect("params")
            .signed_by(&key, &issuer)
            .expect("signed");
        (cert.pem(), key.serialize_pem())
    };
    let (server_cert, server_key) = leaf(vec!["localhost".into()]);
    let (client_cert, client_key) = leaf(vec!["enrich-test-client".into()]);
    Pki {
        ca_pem,
        server_cert,
        server_key,
        client_cert,
        client_key,
    }
}

async fn start(tls: TlsConfig) -> (SocketAddr, tokio::sync::oneshot::Sender<()>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let config = ServerConfig {
        tls: Some(tls),
        ..ServerConfig::default()
    };
    tokio::spawn(server::serve(pipeline(), config, listener, async move {
        let _ = rx.await;
    }));
    (addr, tx)
}

async fn call(addr: SocketAddr, tls: Option<ClientTlsConfig>) -> Result<String, String> {
    let scheme = if tls.is_some() { "https" } else { "http" };
    let mut endpoint =
        Channel::from_shared(format!("{scheme}://localhost:{}", addr.port())).map_err(|e| e.to_string())?;
    if let Some(tls) = tls {
        endpoint = endpoint.tls_config(tls).map_err(|e| e.to_string())?;
    }
    let channel = endpoint.connect().await.map_err(|e| format!("connect: {e:?}"))?;
    EnrichServiceClient::new(channel)
        .enrich(request("Seoul extended the pact on Friday."))
        .await
        .map(|r| r.into_inner().id)
        .map_err(|e| format!("call: {e:?}"))
}

#[tokio::test]
async fn tls_serves_clients_that_trust_the_ca_and_refuses_plaintext() {
    let pki = pki();
    let (addr, _stop) = start(TlsConfig {
        certificate_pem: pki.server_cert.clone().into_bytes(),
        key_pem: pki.server_key.clone().into_bytes(),
        client_ca_pem: None,
    })
    .await;
    let trusting = ClientTlsConfig::new()
        .ca_certificate(Certificate::from_pem(&pki.ca_pem))
        .domain_name("localhost");
    assert_eq!(call(addr, Some(trusting)).await, Ok("doc-1".to_string()));
    assert!(call(addr, None).await.is_err(), "a plaintext client is not served");
}

#[tokio::test]
async fn mutual_tls_requires_a_client_certificate_signed_by_the_client_ca() {
    let pki = pki();
    let (addr, _stop) = start(TlsConfig {
        certificate_pem: pki.server_cert.clone().into_bytes(),
        key_pem: pki.server_key.clone().into_bytes(),
        client_ca_pem: Some(pki.ca_pem.clone().into_bytes()),
    })
    .await;
    let base = || {
        ClientTlsConfig::new()
            .ca_certificate(Certificate::from_pem(&pki.ca_pem))
            .domain_name("localhost")
    };
    assert!(
        call(addr, Some(base())).await.is_err(),
        "no client certificate, no service"
    );
    let with_identity = base().identity(Identity::from_pem(&pki.client_cert, &pki.client_key));
    assert_eq!(call(addr, Some(with_identity)).await, Ok("doc-1".to_string()));
}
