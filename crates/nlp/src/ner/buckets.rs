//! An index over records stored sorted by a uniform 32-bit key (a hash):
//! the records of keys with the same top bits lie together, so where each
//! such bucket starts is all a lookup needs to find a key's record in the
//! stored bytes. The entity models' feature records ([`super::table`]) and
//! the language model's n-gram records (`language::ngram`) are read in
//! place through it: a key and its entries are neighbours, so a lookup
//! touches one line of the records, and loading builds only this index.

/// Records per bucket, on average, at most: a lookup reads about this many
/// keys, mostly in one cache line.
const PER_BUCKET: usize = 2;

/// Where each bucket's records start.
#[derive(Debug)]
pub(crate) struct BucketIndex {
    /// Byte offset of each bucket's first record, and the end: bucket `b` is
    /// `starts[b]..starts[b + 1]`.
    starts: Vec<u32>,
    /// 32 less the log2 of the bucket count: a key's bucket is its top bits.
    shift: u32,
}

impl Default for BucketIndex {
    /// The index of no records: every key's bucket is empty.
    fn default() -> Self {
        BucketIndex {
            starts: vec![0, 0],
            shift: 32,
        }
    }
}

impl BucketIndex {
    /// An index for `count` records, filled by [`BucketIndexBuilder::push`]
    /// in ascending key order.
    pub(crate) fn builder(count: usize) -> BucketIndexBuilder {
        let buckets = (count / PER_BUCKET).clamp(1, 1 << 31).next_power_of_two();
        BucketIndexBuilder {
            index: BucketIndex {
                starts: Vec::with_capacity(buckets + 1),
                shift: 32 - buckets.trailing_zeros(),
            },
            buckets,
        }
    }

    /// The byte range of `key`'s bucket, where its record is if anywhere.
    #[inline]
    pub(crate) fn bucket(&self, key: u32) -> (usize, usize) {
        let b = (u64::from(key) >> self.shift) as usize;
        match (self.starts.get(b), self.starts.get(b + 1)) {
            (Some(&start), Some(&end)) => (start as usize, end as usize),
            _ => (0, 0),
        }
    }

    pub(crate) fn memory_bytes(&self) -> usize {
        self.starts.len() * 4
    }
}

/// A [`BucketIndex`] being built.
pub(crate) struct BucketIndexBuilder {
    index: BucketIndex,
    buckets: usize,
}

impl BucketIndexBuilder {
    /// Notes that the record of `key` starts at byte `offset`; keys come in
    /// ascending order (the caller checks them).
    #[inline]
    pub(crate) fn push(&mut self, key: u32, offset: u32) {
        let bucket = (u64::from(key) >> self.index.shift) as usize;
        while self.index.starts.len() <= bucket {
            self.index.starts.push(offset);
        }
    }

    /// The index, with `end` the byte just past the last record.
    pub(crate) fn finish(mut self, end: u32) -> BucketIndex {
        self.index.starts.resize(self.buckets + 1, end);
        self.index
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_key_falls_in_the_bucket_that_holds_its_record() {
        // Records of 10 bytes each, keys spread over the top bits.
        let keys: Vec<u32> = (0..100u32).map(|i| i.wrapping_mul(0x2545_f491) | 1).collect();
        let mut sorted = keys.clone();
        sorted.sort_unstable();
        let mut builder = BucketIndex::builder(sorted.len());
        for (i, &key) in sorted.iter().enumerate() {
            builder.push(key, 10 * i as u32);
        }
        let index = builder.finish(10 * sorted.len() as u32);
        for (i, &key) in sorted.iter().enumerate() {
            let (start, end) = index.bucket(key);
            assert!((start..end).contains(&(10 * i)), "key {key:#x}: {start}..{end}");
        }
        assert_eq!(BucketIndex::default().bucket(12345), (0, 0));
    }
}
