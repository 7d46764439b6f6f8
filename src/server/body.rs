//! A response body that shows its trailers (where a streamed call's gRPC
//! status travels) to a callback, which may read or rewrite them, and says
//! how the body ended.

use std::pin::Pin;
use std::task::{Context, Poll};
use tonic::body::Body;
use tonic::codegen::http::HeaderMap;

/// What happened to the body.
pub enum BodyEvent<'a> {
    Trailers(&'a mut HeaderMap),
    /// Ended without trailers.
    End,
    Error,
}

/// Wraps `inner`, calling `watch` on its trailers and on its end.
pub struct WatchedBody<F> {
    inner: Body,
    watch: F,
}

impl<F> WatchedBody<F>
where
    F: FnMut(BodyEvent<'_>) + Send + Unpin + 'static,
{
    pub fn wrap(inner: Body, watch: F) -> Body {
        Body::new(WatchedBody { inner, watch })
    }
}

impl<F> http_body::Body for WatchedBody<F>
where
    F: FnMut(BodyEvent<'_>) + Send + Unpin + 'static,
{
    type Data = <Body as http_body::Body>::Data;
    type Error = <Body as http_body::Body>::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Self::Data>, Self::Error>>> {
        let this = &mut *self;
        let mut polled = Pin::new(&mut this.inner).poll_frame(cx);
        match &mut polled {
            Poll::Ready(Some(Ok(frame))) => {
                if let Some(trailers) = frame.trailers_mut() {
                    (this.watch)(BodyEvent::Trailers(trailers));
                }
            }
            Poll::Ready(Some(Err(_))) => (this.watch)(BodyEvent::Error),
            Poll::Ready(None) => (this.watch)(BodyEvent::End),
            Poll::Pending => {}
        }
        polled
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        self.inner.size_hint()
    }
}

/// A request body that raises `failed` when reading it fails: the client
/// reset the stream or closed the connection in the middle of its message.
/// tonic reports that as INTERNAL; the observer records it as CANCELLED.
pub struct ClientWatchedBody<B> {
    inner: Pin<Box<B>>,
    failed: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

impl<B> ClientWatchedBody<B> {
    pub fn new(inner: B, failed: std::sync::Arc<std::sync::atomic::AtomicBool>) -> Self {
        ClientWatchedBody {
            inner: Box::pin(inner),
            failed,
        }
    }
}

impl<B: http_body::Body> http_body::Body for ClientWatchedBody<B> {
    type Data = B::Data;
    type Error = B::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Self::Data>, Self::Error>>> {
        let polled = self.inner.as_mut().poll_frame(cx);
        if let Poll::Ready(Some(Err(_))) = &polled {
            self.failed.store(true, std::sync::atomic::Ordering::Relaxed);
        }
        polled
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        self.inner.size_hint()
    }
}
