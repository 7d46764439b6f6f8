//! Giving memory back after large documents.
//!
//! A 1 MiB document needs about 20 MiB of working memory (tokens, features,
//! spans, the answer). glibc keeps what a thread freed in that thread's arena,
//! and documents ran on many threads (tokio's blocking pool, before the
//! worker pool), so after a few large documents the process kept their peak
//! for good: one 1 MiB document left
//! RSS 21 MiB higher, eight never-read streams of them 138 MiB. Trimming the
//! arenas after each large document brings that to 7 MiB and 101 MiB
//! (`scripts/attack.sh never-read`). Small documents are not worth the call.

/// Documents at least this large trim the allocator when they finish.
pub const TRIM_AFTER_BYTES: usize = 256 * 1024;

/// Trims the allocator's free memory when dropped, if its document was large.
pub struct TrimAfter {
    large: bool,
}

impl TrimAfter {
    pub fn document(bytes: usize) -> Self {
        TrimAfter {
            large: bytes >= TRIM_AFTER_BYTES,
        }
    }
}

impl Drop for TrimAfter {
    fn drop(&mut self) {
        if self.large {
            release_free_memory();
        }
    }
}

#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[allow(unsafe_code)]
fn release_free_memory() {
    // SAFETY: malloc_trim only walks glibc's own free lists and returns
    // whole free pages to the kernel; it takes no pointer and touches no
    // live allocation.
    unsafe {
        libc::malloc_trim(0);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn release_free_memory() {}
