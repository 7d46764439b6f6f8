//! The label set of the statistical taggers: CoNLL's four name types, in
//! the order their tags, gazetteer counts and model files store them. Every
//! place that needs a type's index, its corpus code (`PER`) or its service
//! type goes through [`NerLabel`].

use crate::document::EntityType;

/// A name type the taggers learn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum NerLabel {
    Person,
    Organization,
    Location,
    Misc,
}

impl NerLabel {
    /// In index order.
    pub const ALL: [NerLabel; 4] = [
        NerLabel::Person,
        NerLabel::Organization,
        NerLabel::Location,
        NerLabel::Misc,
    ];
    /// How many there are.
    pub const COUNT: usize = Self::ALL.len();

    /// Its index in tag tables and model files.
    pub fn index(self) -> usize {
        self as usize
    }

    pub fn from_index(index: usize) -> Option<NerLabel> {
        Self::ALL.get(index).copied()
    }

    /// The code annotated corpora use (`PER`, `ORG`, `LOC`, `MISC`).
    pub fn code(self) -> &'static str {
        match self {
            NerLabel::Person => "PER",
            NerLabel::Organization => "ORG",
            NerLabel::Location => "LOC",
            NerLabel::Misc => "MISC",
        }
    }

    /// The label a corpus code stands for.
    pub fn from_code(code: &str) -> Option<NerLabel> {
        Self::ALL.into_iter().find(|l| l.code() == code)
    }

    /// The service's entity type for this label.
    pub fn entity_type(self) -> EntityType {
        match self {
            NerLabel::Person => EntityType::Person,
            NerLabel::Organization => EntityType::Organization,
            NerLabel::Location => EntityType::Location,
            NerLabel::Misc => EntityType::Misc,
        }
    }

    /// The label of a service entity type; `None` for the numeric types,
    /// which no tagger learns.
    pub fn from_entity_type(t: EntityType) -> Option<NerLabel> {
        Self::ALL.into_iter().find(|l| l.entity_type() == t)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_label_round_trips_through_its_index_code_and_entity_type() {
        for label in NerLabel::ALL {
            assert_eq!(NerLabel::from_index(label.index()), Some(label));
            assert_eq!(NerLabel::from_code(label.code()), Some(label));
            assert_eq!(NerLabel::from_entity_type(label.entity_type()), Some(label));
        }
        assert_eq!(NerLabel::from_code("PERSON"), None);
        assert_eq!(NerLabel::from_entity_type(EntityType::Date), None);
    }
}
