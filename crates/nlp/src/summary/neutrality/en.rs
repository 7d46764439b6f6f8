//! English cues (see the module docs of [`super`] for what each list does).

use super::Cues;

pub(super) const CUES: Cues = Cues {
    intensifiers: INTENSIFIERS,
    evaluative: EVALUATIVE,
    speculation: SPECULATION,
    interpretive: INTERPRETIVE,
    charged: CHARGED,
    framing: FRAMING,
    first_person: FIRST_PERSON,
    attribution: ATTRIBUTION,
    stopwords: STOPWORDS,
    descriptive: DESCRIPTIVE,
    concessive_openers: CONCESSIVE_OPENERS,
    participle_opener: Some(participle_opener),
    capitals_are_names: true,
    base_form: None,
    calibration: 1.0,
};

/// A participle clause opening the sentence (`Signalling his own commitment
/// to ..., he ...`) reads a motive into events.
fn participle_opener(first: &str) -> bool {
    first.ends_with("ing") && first.len() > 5 && !PLAIN_PARTICIPLES.contains(&first)
}

const INTENSIFIERS: &[&str] = &[
    "very",
    "extremely",
    "utterly",
    "truly",
    "really",
    "deeply",
    "highly",
    "absolutely",
    "totally",
    "completely",
    "incredibly",
    "remarkably",
    "enormously",
    "hugely",
    "so",
    "most",
    "blatantly",
    "grossly",
];
const EVALUATIVE: &[&str] = &[
    "purposely",
    "supposedly",
    "allegedly",
    "clearly",
    "obviously",
    "routinely",
    "notoriously",
    "shamelessly",
    "cynically",
    "conveniently",
    "merely",
    "openly",
    "predictably",
    "ironically",
    "typically",
    "tacitly",
    "ostensibly",
    "purportedly",
    "deliberately",
    "naturally",
    "undoubtedly",
    "unfortunately",
    "thankfully",
    "sadly",
];
/// Hedges and predictions. Words that are mostly factual in news (`may` the
/// month, `as well as`, `only hours before`) are left out on purpose.
const SPECULATION: &[&str] = &[
    "could",
    "might",
    "perhaps",
    "likely",
    "unlikely",
    "probably",
    "possibly",
    "seemingly",
    "apparently",
    "inevitably",
    "surely",
];
/// Verbs with which an author reads a motive or meaning into events
/// (`Signalling his own commitment to ...`, `... indicates that the true
/// purpose ...`).
const INTERPRETIVE: &[&str] = &[
    "signalling",
    "signaling",
    "signalled",
    "signaled",
    "indicates",
    "indicating",
    "reveals",
    "revealing",
    "exposes",
    "exposing",
    "underscores",
    "underscoring",
    "betrays",
    "demonstrates",
    "demonstrating",
    "epitomises",
    "epitomizes",
];

/// Sentence openers of rhetorical framing: a concession set against the
/// author's point (`While posturing as left-wing, ...`).
const CONCESSIVE_OPENERS: &[&str] = &["while", "although", "though", "whereas", "despite", "far"];

/// Participles that open a sentence without reading a motive into it.
const PLAIN_PARTICIPLES: &[&str] = &[
    "during",
    "following",
    "according",
    "including",
    "regarding",
    "concerning",
    "excluding",
    "starting",
    "beginning",
    "pending",
    "notwithstanding",
    "speaking",
    "writing",
    "citing",
    "responding",
    "asked",
];

/// Charged nouns and verbs of political commentary that none of the
/// lexicons lists, or lists too weakly for what they do in news.
const CHARGED: &[&str] = &[
    "chauvinism",
    "chauvinist",
    "posturing",
    "propaganda",
    "jingoism",
    "jingoistic",
    "warmongering",
    "warmonger",
    "hypocrisy",
    "hypocritical",
    "militarism",
    "imperialism",
    "imperialist",
    "regime",
    "agenda",
    "scheme",
    "ploy",
    "stunt",
    "charade",
    "sham",
    "farce",
    "lackey",
    "puppet",
    "mouthpiece",
    "demagogue",
    "demagoguery",
    "obscured",
    "whitewash",
    "smear",
];

/// Phrases that present the author's reading as fact.
const FRAMING: &[&[&str]] = &[
    &["true", "purpose"],
    &["real", "purpose"],
    &["true", "aim"],
    &["real", "aim"],
    &["real", "reason"],
    &["true", "nature"],
    &["in", "reality"],
    &["so-called"],
    &["of", "course"],
    &["needless", "to", "say"],
    &["make", "no", "mistake"],
    &["no", "doubt"],
    &["behind", "the", "backs"],
    &["it", "is", "clear"],
    &["the", "fact", "that"],
    &["in", "truth"],
    &["the", "purpose", "of"],
    &["the", "aim", "of"],
    // The author's own account of causes: `is a result of`, `stems from`.
    &["is", "a", "result", "of"],
    &["is", "the", "result", "of"],
    &["stems", "from"],
    &["is", "rooted", "in"],
    &["is", "driven", "by"],
    &["is", "the", "product", "of"],
];
const FIRST_PERSON: &[&str] = &["i", "we", "our", "us", "my", "ours"];
pub(crate) const ATTRIBUTION: &[&str] = &[
    "said",
    "says",
    "told",
    "stated",
    "announced",
    "according",
    "reported",
    "added",
    "noted",
    "claimed",
];
const STOPWORDS: &[&str] = &[
    "the", "a", "an", "of", "to", "in", "on", "and", "or", "for", "with", "at", "by", "from", "as", "is", "was", "are",
    "were", "be", "been", "that", "this", "it", "its", "has", "had", "have",
];

/// Words the lexicons rate as subjective or positive that news uses to
/// describe, not to judge (quantifiers, order, time, size, nouns such as
/// `agreement` that VADER rates for their sentiment in reviews, and the
/// names of procedures: a `complaint` filed at the WTO is a filing, not a
/// grumble).
const DESCRIPTIVE: &[&str] = &[
    "only",
    "other",
    "same",
    "own",
    "such",
    "last",
    "first",
    "next",
    "few",
    "many",
    "much",
    "more",
    "most",
    "several",
    "certain",
    "whole",
    "entire",
    "full",
    "main",
    "new",
    "former",
    "latter",
    "previous",
    "recent",
    "current",
    "early",
    "late",
    "long",
    "general",
    "key",
    "high",
    "low",
    "large",
    "small",
    "major",
    "agreement",
    "agreed",
    "security",
    "intelligence",
    "sharing",
    "share",
    "support",
    "supported",
    "help",
    "interest",
    "interests",
    "please",
    "like",
    "well",
    "yes",
    "no",
    "related",
    "complaint",
    "complaints",
    "charges",
    "appeal",
];
