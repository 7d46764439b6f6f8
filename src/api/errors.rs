//! Every error the service answers with, and its mapping to a gRPC status.
//! This is the only place a `tonic::Status` is built from a failure.

use crate::proto::google::rpc::{bad_request::FieldViolation, BadRequest, RetryInfo, Status as RpcStatus};
use prost::Message;
use tonic::Code;

/// A field of the request that is wrong, and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// Path to the field, e.g. `document.text` or `documents[3].id`.
    pub field: String,
    pub description: String,
}

impl Violation {
    pub fn new(field: impl Into<String>, description: impl Into<String>) -> Self {
        Violation {
            field: field.into(),
            description: description.into(),
        }
    }
}

/// Why a call (or one document of a batch) failed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ApiError {
    /// The request is wrong; the violations say which fields and how to fix
    /// them.
    #[error("{}", describe(.0))]
    InvalidArgument(Vec<Violation>),
    /// The call's deadline passed before the work finished.
    #[error("the deadline passed before enrichment finished; allow more time or send less text")]
    DeadlineExceeded,
    /// The caller cancelled the call.
    #[error("the call was cancelled by the client")]
    Cancelled,
    /// The server is at capacity; the message says which bound and to retry
    /// with backoff.
    #[error("{0}")]
    Overloaded(String),
    /// A bug: the pipeline failed where it should not.
    #[error("internal error: {0}")]
    Internal(String),
}

fn describe(violations: &[Violation]) -> String {
    let parts: Vec<String> = violations
        .iter()
        .map(|v| format!("{}: {}", v.field, v.description))
        .collect();
    format!("invalid request: {}", parts.join("; "))
}

impl ApiError {
    pub fn invalid(field: impl Into<String>, description: impl Into<String>) -> Self {
        ApiError::InvalidArgument(vec![Violation::new(field, description)])
    }

    pub fn code(&self) -> Code {
        match self {
            ApiError::InvalidArgument(_) => Code::InvalidArgument,
            ApiError::DeadlineExceeded => Code::DeadlineExceeded,
            ApiError::Cancelled => Code::Cancelled,
            ApiError::Overloaded(_) => Code::ResourceExhausted,
            ApiError::Internal(_) => Code::Internal,
        }
    }

    /// The rich status: code, message and, for bad requests, a
    /// `google.rpc.BadRequest` naming the fields.
    pub fn to_rpc_status(&self) -> RpcStatus {
        let mut details = Vec::new();
        if let ApiError::InvalidArgument(violations) = self {
            let bad_request = BadRequest {
                field_violations: violations
                    .iter()
                    .map(|v| FieldViolation {
                        field: v.field.clone(),
                        description: v.description.clone(),
                    })
                    .collect(),
            };
            details.push(prost_types::Any {
                type_url: "type.googleapis.com/google.rpc.BadRequest".into(),
                value: bad_request.encode_to_vec(),
            });
        }
        if let ApiError::Overloaded(_) = self {
            let retry = RetryInfo {
                retry_delay: Some(prost_types::Duration {
                    seconds: 0,
                    nanos: 100_000_000,
                }),
            };
            details.push(prost_types::Any {
                type_url: "type.googleapis.com/google.rpc.RetryInfo".into(),
                value: retry.encode_to_vec(),
            });
        }
        RpcStatus {
            code: self.code() as i32,
            message: self.to_string(),
            details,
        }
    }

    /// The status for a whole call, with the rich status in
    /// `grpc-status-details-bin` so clients can read the details.
    pub fn to_status(&self) -> tonic::Status {
        let rich = self.to_rpc_status();
        tonic::Status::with_details(self.code(), rich.message.clone(), rich.encode_to_vec().into())
    }
}

impl From<ApiError> for tonic::Status {
    fn from(e: ApiError) -> Self {
        e.to_status()
    }
}

/// The OK status of a document that succeeded inside a batch or stream.
pub fn ok_status() -> RpcStatus {
    RpcStatus {
        code: Code::Ok as i32,
        message: String::new(),
        details: Vec::new(),
    }
}
