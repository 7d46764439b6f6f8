//! Precision, recall and F1 from counts, shared by the evaluations.

/// True positives, predictions and gold items of one evaluation.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub true_positives: usize,
    pub predicted: usize,
    pub gold: usize,
}

impl Counts {
    pub fn precision(&self) -> f64 {
        self.true_positives as f64 / self.predicted.max(1) as f64
    }

    pub fn recall(&self) -> f64 {
        self.true_positives as f64 / self.gold.max(1) as f64
    }

    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }

    /// The sum of two counts (micro-averaging).
    pub fn plus(self, other: Counts) -> Counts {
        Counts {
            true_positives: self.true_positives + other.true_positives,
            predicted: self.predicted + other.predicted,
            gold: self.gold + other.gold,
        }
    }
}
