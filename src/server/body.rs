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

/// Bytes of request messages received but not yet complete, across all
/// calls. A client that sends most of a large message and stalls holds
/// those bytes; without a bound, 24 stalled 8 MiB bodies held 195 MiB.
#[derive(Debug)]
pub struct ReceiveBudget {
    limit: usize,
    used: std::sync::atomic::AtomicUsize,
}

impl ReceiveBudget {
    pub fn new(limit: usize) -> Self {
        ReceiveBudget {
            limit,
            used: std::sync::atomic::AtomicUsize::new(0),
        }
    }

    pub fn limit(&self) -> usize {
        self.limit
    }

    /// Takes `bytes`, unless that goes past the limit while others hold
    /// bytes too: one message alone may always be received (its size is
    /// bounded by the message limit).
    pub(super) fn take(&self, bytes: usize, own: usize) -> bool {
        let before = self.used.fetch_add(bytes, std::sync::atomic::Ordering::AcqRel);
        if before + bytes > self.limit && before > own {
            self.used.fetch_sub(bytes, std::sync::atomic::Ordering::AcqRel);
            return false;
        }
        true
    }

    pub(super) fn give_back(&self, bytes: usize) {
        self.used.fetch_sub(bytes, std::sync::atomic::Ordering::AcqRel);
    }
}

/// Where a request body is in its gRPC framing: each message is a 5-byte
/// header (compression flag, big-endian length) and that many bytes.
#[derive(Debug, Default)]
struct Framing {
    header: [u8; 5],
    header_len: usize,
    /// Bytes of the current message's payload still to come.
    remaining: usize,
    /// Bytes of the current, incomplete message held against the budget.
    held: usize,
}

impl Framing {
    /// Reads `data`; returns the bytes of the messages it completed.
    fn advance(&mut self, mut data: &[u8]) -> usize {
        let mut completed = 0;
        while !data.is_empty() {
            if self.header_len < 5 {
                let n = (5 - self.header_len).min(data.len());
                self.header[self.header_len..self.header_len + n].copy_from_slice(&data[..n]);
                self.header_len += n;
                self.held += n;
                data = &data[n..];
                if self.header_len == 5 {
                    self.remaining =
                        u32::from_be_bytes([self.header[1], self.header[2], self.header[3], self.header[4]]) as usize;
                }
            } else {
                let n = self.remaining.min(data.len());
                self.remaining -= n;
                self.held += n;
                data = &data[n..];
            }
            if self.header_len == 5 && self.remaining == 0 {
                completed += self.held;
                self.held = 0;
                self.header_len = 0;
            }
        }
        completed
    }
}

/// A request body that raises `failed` when reading it fails: the client
/// reset the stream or closed the connection in the middle of its message.
/// tonic reports that as INTERNAL; the observer records it as CANCELLED.
///
/// It also holds the bytes of incomplete messages against the server's
/// [`ReceiveBudget`]: past it, the body ends early and `over_budget` is
/// raised, so the observer answers RESOURCE_EXHAUSTED.
pub struct ClientWatchedBody<B> {
    inner: Pin<Box<B>>,
    failed: std::sync::Arc<std::sync::atomic::AtomicBool>,
    budget: std::sync::Arc<ReceiveBudget>,
    over_budget: std::sync::Arc<std::sync::atomic::AtomicBool>,
    framing: Framing,
}

impl<B> ClientWatchedBody<B> {
    pub fn new(
        inner: B,
        failed: std::sync::Arc<std::sync::atomic::AtomicBool>,
        budget: std::sync::Arc<ReceiveBudget>,
        over_budget: std::sync::Arc<std::sync::atomic::AtomicBool>,
    ) -> Self {
        ClientWatchedBody {
            inner: Box::pin(inner),
            failed,
            budget,
            over_budget,
            framing: Framing::default(),
        }
    }
}

impl<B> Drop for ClientWatchedBody<B> {
    fn drop(&mut self) {
        self.budget.give_back(self.framing.held);
    }
}

impl<B> http_body::Body for ClientWatchedBody<B>
where
    B: http_body::Body,
    B::Data: bytes::Buf,
{
    type Data = B::Data;
    type Error = B::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Self::Data>, Self::Error>>> {
        if self.over_budget.load(std::sync::atomic::Ordering::Relaxed) {
            return Poll::Ready(None);
        }
        let polled = self.inner.as_mut().poll_frame(cx);
        match &polled {
            Poll::Ready(Some(Err(_))) => self.failed.store(true, std::sync::atomic::Ordering::Relaxed),
            Poll::Ready(Some(Ok(frame))) => {
                if let Some(data) = frame.data_ref() {
                    let chunk = bytes::Buf::chunk(data);
                    let before = self.framing.held;
                    let completed = self.framing.advance(chunk);
                    let added = (self.framing.held + completed).saturating_sub(before);
                    if !self.budget.take(added, before) {
                        // Past the budget: end the body here (the call
                        // fails) and give back what this call held.
                        self.budget.give_back(before);
                        self.framing = Framing::default();
                        self.over_budget.store(true, std::sync::atomic::Ordering::Relaxed);
                        return Poll::Ready(None);
                    }
                    self.budget.give_back(completed);
                }
            }
            _ => {}
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn framing_counts_whole_messages_across_chunks() {
        let mut framing = Framing::default();
        // Two messages of 3 and 2 bytes, cut at odd places.
        let bytes = [0u8, 0, 0, 0, 3, b'a', b'b', b'c', 0, 0, 0, 0, 2, b'd', b'e'];
        assert_eq!(framing.advance(&bytes[..4]), 0);
        assert_eq!(framing.advance(&bytes[4..9]), 8);
        assert_eq!(framing.held, 1);
        assert_eq!(framing.advance(&bytes[9..]), 7);
        assert_eq!(framing.held, 0);
    }

    #[test]
    fn the_receive_budget_refuses_bytes_past_its_limit_and_takes_them_back() {
        let budget = ReceiveBudget::new(10);
        assert!(budget.take(6, 0));
        assert!(!budget.take(5, 0), "6 + 5 is over 10");
        assert!(budget.take(4, 0));
        budget.give_back(10);
        assert!(budget.take(25, 0), "one message alone is always received");
        assert!(budget.take(5, 25), "the same message goes on");
        assert!(!budget.take(1, 0), "another waits");
    }
}
