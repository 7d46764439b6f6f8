//! Feature key to weight row: the tagger's hot path, a flat
//! open-addressing table over keys that are already uniform hashes.

/// Feature key → its weight row, in one flat open-addressing table. Keys are
/// already uniform hashes, so a key's home slot is its top bits and a
/// lookup usually touches one 8-byte slot: the tagger does ~45 lookups a
/// token, so this is its hot path. Top bits rather than low ones because
/// the model file lists keys in ascending order: building the table then
/// fills it front to back, where low bits sent every key to a random slot
/// (a cache miss and, the first time, a page fault per key at start-up).
#[derive(Default)]
pub(crate) struct FeatureTable {
    /// `(key, start << 8 | count)`; count 0 marks an empty slot.
    pub(crate) slots: Vec<(u32, u32)>,
    mask: usize,
    /// 32 less the log2 of the slot count.
    shift: u32,
}

impl FeatureTable {
    /// The table over `rows`: each key (distinct) with the start and
    /// length of its row in the model's entries.
    pub(crate) fn build(rows: &[(u32, u32, u8)]) -> Self {
        let mut table = FeatureTable::with_capacity(rows.len());
        for &(key, start, count) in rows {
            table.insert(key, start, count);
        }
        table
    }

    /// An empty table for `rows` keys.
    pub(crate) fn with_capacity(rows: usize) -> Self {
        let capacity = (rows * 2).next_power_of_two().max(16);
        FeatureTable {
            slots: vec![(0u32, 0u32); capacity],
            mask: capacity - 1,
            shift: 32 - capacity.trailing_zeros(),
        }
    }

    /// Stores `key`'s row (a key not stored yet, in a table with room:
    /// [`Self::with_capacity`] leaves half the slots free).
    pub(crate) fn insert(&mut self, key: u32, start: u32, count: u8) {
        let mut at = (key >> self.shift) as usize;
        while self.slots[at].1 != 0 {
            at = (at + 1) & self.mask;
        }
        self.slots[at] = (key, start << 8 | u32::from(count));
    }

    /// The slot a key hashes to: where [`Self::resolve`] starts probing.
    #[inline]
    pub(crate) fn home(&self, key: u32) -> (u32, u32) {
        self.slots[(key >> self.shift) as usize]
    }

    /// The weight row of `key`, given its home slot's contents.
    #[inline]
    pub(crate) fn resolve(&self, key: u32, home: (u32, u32)) -> Option<(usize, usize)> {
        let (k, packed) = home;
        if packed == 0 {
            return None;
        }
        if k == key {
            return Some(((packed >> 8) as usize, (packed & 0xff) as usize));
        }
        self.probe_from(key, ((key >> self.shift) as usize + 1) & self.mask)
    }

    fn probe_from(&self, key: u32, mut at: usize) -> Option<(usize, usize)> {
        loop {
            let (k, packed) = self.slots[at];
            if packed == 0 {
                return None;
            }
            if k == key {
                return Some(((packed >> 8) as usize, (packed & 0xff) as usize));
            }
            at = (at + 1) & self.mask;
        }
    }
}

impl FeatureTable {
    /// Every stored key with its row's start and length, in slot order.
    pub(crate) fn rows(&self) -> impl Iterator<Item = (u32, usize, usize)> + '_ {
        self.slots
            .iter()
            .filter(|(_, packed)| *packed != 0)
            .map(|&(k, packed)| (k, (packed >> 8) as usize, (packed & 0xff) as usize))
    }

    /// How many keys it holds.
    pub(crate) fn len(&self) -> usize {
        self.rows().count()
    }

    /// Bytes its slots take.
    pub(crate) fn memory_bytes(&self) -> usize {
        self.slots.len() * size_of::<(u32, u32)>()
    }
}
