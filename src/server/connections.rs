//! The listener's share of hardening: how many connections the server
//! holds, how long one may stay open with no call on it, and an accept loop
//! that backs off when the process runs out of file descriptors instead of
//! spinning on the error.
//!
//! - [`Incoming`] accepts connections. At [`ConnectionLimits::max_connections`]
//!   it makes room by closing the connection that has been idle longest
//!   (at least [`EVICT_AFTER_IDLE`]), so a flood of idle sockets cannot keep
//!   a health probe out; when every connection has a call on it, new ones
//!   are closed at once (the client sees UNAVAILABLE and retries elsewhere).
//! - [`Connection`] wraps each socket. It ends the connection (as if the
//!   client had closed it) once no call has been on it for
//!   [`ConnectionLimits::idle_timeout`]; the observer counts calls per
//!   connection through [`ConnectionActivity`], found in each request's
//!   extensions.

use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::time::Sleep;
use tonic::transport::server::Connected;

/// Connection limits of one server.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ConnectionLimits {
    /// Most connections open at once; more are closed as they arrive.
    pub max_connections: usize,
    /// A connection with no call on it for this long is closed.
    pub idle_timeout: Duration,
}

impl ConnectionLimits {
    pub const DEFAULT: ConnectionLimits = ConnectionLimits {
        // Below the common default of 1,024 file descriptors, with room for
        // the metrics listener, logs and model files.
        max_connections: 768,
        idle_timeout: Duration::from_secs(300),
    };
}

impl Default for ConnectionLimits {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// A connection idle at least this long may be closed to make room for a
/// new one at the cap. Shorter, and a connection just opened (a probe about
/// to send its call) could be closed by the next arrival.
pub const EVICT_AFTER_IDLE: Duration = Duration::from_secs(1);

/// The first wait after a failed accept; it doubles up to [`MAX_BACKOFF`].
const MIN_BACKOFF: Duration = Duration::from_millis(5);
const MAX_BACKOFF: Duration = Duration::from_secs(1);
/// At most one warning per this long about failed or refused connections.
const WARN_EVERY: Duration = Duration::from_secs(10);

/// Milliseconds since the process's first call to this function: a clock
/// that fits in an atomic.
fn now_ms() -> u64 {
    static START: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
    START.get_or_init(Instant::now).elapsed().as_millis() as u64
}

/// Calls on one connection, and since when it has had none.
#[derive(Debug, Clone, Default)]
pub struct ConnectionActivity(Arc<ActivityInner>);

#[derive(Debug, Default)]
struct ActivityInner {
    calls: AtomicUsize,
    idle_since_ms: AtomicU64,
    /// Set to close the connection to make room for a new one.
    evicted: std::sync::atomic::AtomicBool,
    /// Wakes the connection's reader, so an eviction takes effect at once.
    reader: futures_util::task::AtomicWaker,
}

impl ConnectionActivity {
    fn new() -> Self {
        let activity = ConnectionActivity::default();
        activity.0.idle_since_ms.store(now_ms(), Ordering::Relaxed);
        activity
    }

    pub fn call_started(&self) {
        self.0.calls.fetch_add(1, Ordering::AcqRel);
    }

    pub fn call_finished(&self) {
        self.0.idle_since_ms.store(now_ms(), Ordering::Relaxed);
        self.0.calls.fetch_sub(1, Ordering::AcqRel);
    }

    /// Closes the connection at its reader's next look, which comes now.
    fn evict(&self) {
        self.0.evicted.store(true, Ordering::Release);
        self.0.reader.wake();
    }

    fn is_evicted(&self) -> bool {
        self.0.evicted.load(Ordering::Acquire)
    }

    fn wake_on_evict(&self, cx: &Context<'_>) {
        self.0.reader.register(cx.waker());
    }

    /// How long the connection has had no call, or `None` while it has one.
    fn idle_for(&self) -> Option<Duration> {
        if self.0.calls.load(Ordering::Acquire) > 0 {
            return None;
        }
        let since = self.0.idle_since_ms.load(Ordering::Relaxed);
        Some(Duration::from_millis(now_ms().saturating_sub(since)))
    }
}

/// What a request knows about its connection (in its extensions).
#[derive(Debug, Clone)]
pub struct ConnectionInfo {
    pub remote: Option<SocketAddr>,
    pub activity: ConnectionActivity,
}

/// A rate-limited warning: the first of each [`WARN_EVERY`], with how many
/// were folded into it.
#[derive(Debug, Default)]
struct Warnings {
    last: Option<Instant>,
    suppressed: u64,
}

impl Warnings {
    fn warn(&mut self, what: &str, detail: &str) {
        if self.last.is_some_and(|at| at.elapsed() < WARN_EVERY) {
            self.suppressed += 1;
            return;
        }
        tracing::warn!(suppressed = self.suppressed, detail, "{what}");
        self.last = Some(Instant::now());
        self.suppressed = 0;
    }
}

/// The stream of accepted connections.
pub struct Incoming {
    listener: TcpListener,
    limits: ConnectionLimits,
    /// Every open connection's activity: how many there are, and which has
    /// been idle longest.
    registry: Registry,
    backoff: Option<Pin<Box<Sleep>>>,
    next_backoff: Duration,
    warnings: Warnings,
}

impl Incoming {
    pub fn new(listener: TcpListener, limits: ConnectionLimits) -> Self {
        Incoming {
            listener,
            limits,
            registry: Registry::default(),
            backoff: None,
            next_backoff: MIN_BACKOFF,
            warnings: Warnings::default(),
        }
    }
}

impl tokio_stream::Stream for Incoming {
    type Item = io::Result<Connection>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        loop {
            if let Some(backoff) = &mut this.backoff {
                if backoff.as_mut().poll(cx).is_pending() {
                    return Poll::Pending;
                }
                this.backoff = None;
            }
            match this.listener.poll_accept(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(Err(e)) => {
                    // EMFILE and friends: accepting again at once fails
                    // again and burns a core. Wait, longer each time.
                    this.warnings
                        .warn("accepting a connection failed; backing off", &e.to_string());
                    metrics::counter!(crate::telemetry::metrics::ACCEPT_ERRORS).increment(1);
                    this.backoff = Some(Box::pin(tokio::time::sleep(this.next_backoff)));
                    this.next_backoff = (this.next_backoff * 2).min(MAX_BACKOFF);
                }
                Poll::Ready(Ok((stream, remote))) => {
                    this.next_backoff = MIN_BACKOFF;
                    if this.registry.len() >= this.limits.max_connections && !this.registry.evict_longest_idle() {
                        drop(stream);
                        metrics::counter!(crate::telemetry::metrics::CONNECTIONS_REFUSED).increment(1);
                        this.warnings.warn(
                            "connection refused: the server holds max_connections already",
                            &this.limits.max_connections.to_string(),
                        );
                        continue;
                    }
                    // TCP_NODELAY: without it, Nagle's algorithm and delayed
                    // ACKs hold small responses back ~40 ms at low
                    // concurrency.
                    let _ = stream.set_nodelay(true);
                    return Poll::Ready(Some(Ok(Connection::new(
                        stream,
                        remote,
                        this.registry.clone(),
                        this.limits.idle_timeout,
                    ))));
                }
            }
        }
    }
}

/// The open connections' activities.
#[derive(Debug, Clone, Default)]
struct Registry(Arc<std::sync::Mutex<Vec<ConnectionActivity>>>);

impl Registry {
    fn len(&self) -> usize {
        self.0.lock().map_or(0, |all| all.len())
    }

    fn add(&self, activity: &ConnectionActivity) {
        if let Ok(mut all) = self.0.lock() {
            all.push(activity.clone());
        }
    }

    fn remove(&self, activity: &ConnectionActivity) {
        if let Ok(mut all) = self.0.lock() {
            if let Some(i) = all.iter().position(|a| Arc::ptr_eq(&a.0, &activity.0)) {
                all.swap_remove(i);
            }
        }
    }

    /// Closes the connection idle longest, if one has been idle at least
    /// [`EVICT_AFTER_IDLE`] and is not already closing. Only called at the
    /// cap, so the scan over every connection is rare.
    fn evict_longest_idle(&self) -> bool {
        let Ok(all) = self.0.lock() else { return false };
        let longest = all
            .iter()
            .filter(|a| !a.is_evicted())
            .filter_map(|a| a.idle_for().map(|idle| (idle, a)))
            .filter(|(idle, _)| *idle >= EVICT_AFTER_IDLE)
            .max_by_key(|(idle, _)| *idle);
        match longest {
            Some((_, activity)) => {
                activity.evict();
                metrics::counter!(crate::telemetry::metrics::CONNECTIONS_EVICTED).increment(1);
                true
            }
            None => false,
        }
    }
}

/// An accepted connection: registered while open, closed when idle too long.
pub struct Connection {
    stream: TcpStream,
    remote: SocketAddr,
    activity: ConnectionActivity,
    registry: Registry,
    idle_timeout: Duration,
    idle_check: Pin<Box<Sleep>>,
}

impl Connection {
    fn new(stream: TcpStream, remote: SocketAddr, registry: Registry, idle_timeout: Duration) -> Self {
        let activity = ConnectionActivity::new();
        registry.add(&activity);
        Connection {
            stream,
            remote,
            activity,
            registry,
            idle_timeout,
            idle_check: Box::pin(tokio::time::sleep(idle_timeout)),
        }
    }

    /// Whether the connection has been idle too long; otherwise sets the
    /// timer for the next look.
    fn idle_expired(&mut self, cx: &mut Context<'_>) -> bool {
        while self.idle_check.as_mut().poll(cx).is_ready() {
            let wait = match self.activity.idle_for() {
                Some(idle) if idle >= self.idle_timeout => return true,
                Some(idle) => self.idle_timeout - idle,
                None => self.idle_timeout,
            };
            let deadline = tokio::time::Instant::now() + wait;
            self.idle_check.as_mut().reset(deadline);
        }
        false
    }
}

impl Drop for Connection {
    fn drop(&mut self) {
        self.registry.remove(&self.activity);
    }
}

impl Connected for Connection {
    type ConnectInfo = ConnectionInfo;

    fn connect_info(&self) -> Self::ConnectInfo {
        ConnectionInfo {
            remote: Some(self.remote),
            activity: self.activity.clone(),
        }
    }
}

impl AsyncRead for Connection {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        if self.activity.is_evicted() {
            return Poll::Ready(Ok(()));
        }
        let polled = Pin::new(&mut self.stream).poll_read(cx, buf);
        if polled.is_pending() {
            self.activity.wake_on_evict(cx);
        }
        if polled.is_pending() && self.idle_expired(cx) {
            // End of stream, as if the client had closed: the HTTP/2
            // connection ends and its socket is freed.
            return Poll::Ready(Ok(()));
        }
        polled
    }
}

impl AsyncWrite for Connection {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.stream).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_shutdown(cx)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.stream).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }
}
