//! A minimal Rust client: enrich one document and print its entities and
//! summary.
//!
//! ```sh
//! cargo run --example client -- http://localhost:50051 "Text to enrich."
//! ```

use enrich::proto::enrich::v1::enrich_service_client::EnrichServiceClient;
use enrich::proto::enrich::v1::{Document, EnrichRequest, EntityType};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let address = args.next().unwrap_or_else(|| "http://localhost:50051".into());
    let text = args
        .next()
        .unwrap_or_else(|| "Seoul extended the pact with Tokyo on 22 November 2019. Kang Kyung-wha said so.".into());
    let mut client = EnrichServiceClient::connect(address).await?;
    let response = client
        .enrich(EnrichRequest {
            document: Some(Document {
                id: "example".into(),
                text,
                language_hint: String::new(),
                reference_date: String::new(),
                ..Default::default()
            }),
            ..Default::default()
        })
        .await?
        .into_inner();
    if let Some(language) = &response.language {
        println!(
            "language: {} ({}, reliable: {})",
            language.name, language.code, language.reliable
        );
    }
    for entity in &response.entities {
        let kind = EntityType::try_from(entity.r#type).map_or("?", |t| t.as_str_name());
        println!("{kind:<12} {:<30} mentions: {}", entity.name, entity.mentions.len());
    }
    if let Some(summary) = &response.summary {
        println!("summary: {}", summary.text);
    }
    for warning in &response.warnings {
        println!("warning {}: {}", warning.code, warning.message);
    }
    Ok(())
}
