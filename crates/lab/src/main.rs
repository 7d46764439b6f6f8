//! `enrich-lab`: the workshop beside the service. Trains the entity models,
//! evaluates every stage on the corpora in `../shared/data`, and load-tests a
//! running server. Nothing here ships in the `enrich` binary.
//!
//! - [`corpus`], [`jsonl`]: reading annotated documents and JSON lines;
//! - [`ner`]: training (averaged perceptron, word clusters) and end-to-end
//!   entity evaluation;
//! - [`evaluation`]: language, sentence and summary evaluations;
//! - [`summary`]: training the summary stage's content model;
//! - [`scoring`], [`rng`]: counts to F1, and a seedable generator;
//! - [`loadgen`]: the gRPC load generator behind `enrich-lab bench`.

mod corpus;
mod evaluation;
mod jsonl;
mod language;
mod loadgen;
mod ner;
mod rng;
mod scoring;
mod summary;

use clap::{Parser, Subcommand};
use enrich_nlp::entities::ModelCard;
use enrich_nlp::Pipeline;
use std::sync::Arc;
use std::time::{Duration, Instant};

#[derive(Parser)]
#[command(
    name = "enrich-lab",
    version,
    about = "Training, evaluation and load generation for enrich (reads ../shared/data by default)"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Train a named-entity model from annotated corpora (`*.docs.jsonl` or `*.conll`).
    TrainNer(TrainNerArgs),
    /// Cross-validate named-entity training settings on the training data: the way to choose them without dev.
    CvNer(CvNerArgs),
    /// Evaluate the embedded (or a given) named-entity model end to end on `*.docs.jsonl`.
    EvalNer(EvalNerArgs),
    /// Load-test a running server over gRPC and report throughput, errors and latency.
    Bench(BenchArgs),
    /// Evaluate sentence boundaries against gold documents (`*.docs.jsonl` with `sentences`).
    EvalSentences(EvalSentencesArgs),
    /// Distil the embedded n-gram language model from lingua's model crates (fetched by cargo).
    TrainLanguage(TrainLanguageArgs),
    /// Language identification accuracy per language and length class on the UDHR dev set, beside whatlang used bare.
    EvalLanguage(EvalLanguageArgs),
    /// Evaluate summaries against extractive references, beside lead-k and plain TextRank.
    EvalSummary(EvalSummaryArgs),
    /// Train the summary content model from extractive references.
    TrainSummary(TrainSummaryArgs),
    /// Judges summaries' loadedness in one language with the half of its
    /// lexicons the summary stage did not select with.
    EvalNeutrality(EvalNeutralityArgs),
    /// Measures each language's neutrality calibration against English on
    /// comparable text (WikiNEuRal training documents by default).
    CalibrateNeutrality(CalibrateNeutralityArgs),
}

#[derive(clap::Args)]
struct CalibrateNeutralityArgs {
    /// ISO 639-1 code of the language to calibrate.
    #[arg(long)]
    lang: String,
    /// Documents in that language (`{"text"}` per line).
    #[arg(long)]
    docs: std::path::PathBuf,
    /// English documents of the same kind.
    #[arg(long, default_value = "../shared/data/ner/wikineural/en_train.docs.jsonl")]
    english: std::path::PathBuf,
}

#[derive(clap::Args)]
struct EvalNeutralityArgs {
    /// ISO 639-1 code of the documents' language.
    #[arg(long)]
    lang: String,
    /// Documents, one JSON object with a `text` per line (such as a `*.docs.jsonl` NER file).
    #[arg(long)]
    docs: std::path::PathBuf,
    /// Summary length in sentences.
    #[arg(long, default_value_t = 3)]
    k: usize,
    /// Neutrality weight of the neutral summary; the service's default
    /// when not given.
    #[arg(long)]
    weight: Option<f32>,
    /// Judge by this lexicon (JSON, as scripts/fetch-judges.sh unpacks them)
    /// instead of the half of the embedded lexicons the summary stage is
    /// not given; the summary stage then selects with all of them.
    #[arg(long)]
    judge_lexicon: Option<std::path::PathBuf>,
}

#[derive(clap::Args)]
struct EvalSummaryArgs {
    /// References (`{"text","sentences","summary_sentence_ids"}` per line).
    #[arg(long, default_value = "../shared/data/summary/bbc_dev.jsonl")]
    gold: std::path::PathBuf,
    /// Neutrality weights to report (the trade-off curve).
    #[arg(long, value_delimiter = ',', default_value = "0,0.25,0.5,0.75,1")]
    weights: Vec<f32>,
    /// A content model file to evaluate instead of the embedded one.
    #[arg(long, conflicts_with = "cross_fit")]
    model: Option<std::path::PathBuf>,
    /// Score each of this many folds of the references with a content model
    /// trained on the other folds: the honest number for references the
    /// embedded model was trained on. 0 uses one model for all.
    #[arg(long, default_value_t = 0)]
    cross_fit: usize,
    /// L2 penalty of the models trained for --cross-fit.
    #[arg(long, default_value_t = summary::train::Settings::default().l2)]
    l2: f32,
}

#[derive(clap::Args)]
struct TrainSummaryArgs {
    /// References (`{"text","sentences","summary_sentence_ids"}` per line).
    #[arg(long, default_value = "../shared/data/summary/bbc_dev.jsonl")]
    gold: std::path::PathBuf,
    /// L2 penalty on the weights.
    #[arg(long, default_value_t = summary::train::Settings::default().l2)]
    l2: f32,
    /// Where to write the model.
    #[arg(long, default_value = "crates/nlp/assets/models/summary-content.tsv")]
    out: std::path::PathBuf,
}

#[derive(clap::Args)]
struct TrainLanguageArgs {
    /// The manifest whose dependencies are lingua's model crates; `cargo fetch` it first.
    #[arg(long, default_value = "crates/lab/lingua-models/Cargo.toml")]
    manifest: std::path::PathBuf,
    /// stopwords-iso's word lists (`npm pack stopwords-iso@1.1.0`; scripts/train-language.sh fetches it).
    #[arg(long, default_value = "target/stopwords-iso/package/stopwords-iso.json")]
    stopwords: std::path::PathBuf,
    /// N-grams kept per language for orders 1 to 5, most frequent first.
    #[arg(long, value_delimiter = ',', default_value = "1000,5000,12000,15000,15000")]
    keep: Vec<usize>,
    /// Where to write the model.
    #[arg(long, default_value = "crates/nlp/assets/language/ngrams.bin")]
    out: std::path::PathBuf,
}

#[derive(clap::Args)]
struct EvalLanguageArgs {
    /// The shared data directory (reads langid/udhr.jsonl and the ner/ dev files).
    #[arg(long, default_value = "../shared/data")]
    data: std::path::PathBuf,
    /// Which half of the dev material: `tune` to choose settings, `dev` to report once.
    #[arg(long, value_enum, default_value = "dev")]
    half: language::eval::Half,
    /// Choose the detector's settings on the tuning half and print them.
    #[arg(long)]
    tune: bool,
    /// Also print accuracy per language and length class.
    #[arg(long)]
    per_language: bool,
}

#[derive(clap::Args)]
struct EvalSentencesArgs {
    /// Gold documents.
    #[arg(long, default_value = "../shared/data/sentseg/ud_en_ewt/dev.docs.jsonl")]
    gold: std::path::PathBuf,
    /// Language of the documents (ISO 639-1).
    #[arg(long, default_value = "en")]
    lang: String,
    /// Print this many wrong boundaries, for reading.
    #[arg(long, default_value_t = 0)]
    show_errors: usize,
}

#[derive(clap::Args)]
struct BenchArgs {
    /// Server to call (only this address is contacted).
    #[arg(long, default_value = "http://127.0.0.1:50051")]
    target: String,
    /// Documents: a `.jsonl` file (one `text` per line) or any text file (one document).
    #[arg(long)]
    docs: std::path::PathBuf,
    /// Cut each document to at most this many bytes.
    #[arg(long)]
    max_bytes: Option<usize>,
    /// Concurrent callers.
    #[arg(long, default_value_t = 8)]
    concurrency: usize,
    /// Seconds to run (ignored with --requests).
    #[arg(long, default_value_t = 10.0)]
    seconds: f64,
    /// Total calls to make instead of running for --seconds.
    #[arg(long)]
    requests: Option<u64>,
    /// unary, batch or stream.
    #[arg(long, value_enum, default_value = "unary")]
    mode: loadgen::Mode,
    /// Documents per batch call or per stream.
    #[arg(long, default_value_t = 32)]
    batch_size: usize,
    /// Seconds to wait for the server to report SERVING before starting (prints how long it took).
    #[arg(long, default_value_t = 10.0)]
    wait_seconds: f64,
}

#[derive(clap::Args)]
struct TrainNerArgs {
    /// Language of the corpus (ISO 639-1), e.g. en, es, nl.
    #[arg(long, default_value = "en")]
    lang: String,
    /// Training documents (`*.docs.jsonl` with gold entities, or `*.conll`
    /// with IOB2 tags); may repeat (German: CoNLL-2003 German and WikiNEuRal).
    #[arg(long, default_value = "../shared/data/ner/conll2003/train.docs.jsonl")]
    train: Vec<std::path::PathBuf>,
    /// Where to write the model.
    #[arg(long)]
    out: Option<std::path::PathBuf>,
    /// Evaluate on these documents after training, and record the score in
    /// the model card (GetInfo reports it).
    #[arg(long)]
    dev: Option<std::path::PathBuf>,
    #[command(flatten)]
    settings: NerSettings,
}

#[derive(clap::Args)]
struct CvNerArgs {
    /// Language of the corpus (ISO 639-1).
    #[arg(long)]
    lang: String,
    /// Training documents; the first file is cut into folds, the others
    /// always train (a second corpus that only adds material).
    #[arg(long, required = true)]
    train: Vec<std::path::PathBuf>,
    /// Folds: each is held out once while the others train.
    #[arg(long, default_value_t = 3)]
    folds: usize,
    /// Also score each held-out fold with every sentence a document of its
    /// own (a stand-in for headlines and one-line requests).
    #[arg(long)]
    sentences_alone: bool,
    /// Also score each held-out fold's sentences alone with every word's
    /// first letter in capitals (a stand-in for title-case headlines).
    #[arg(long)]
    title_case: bool,
    /// Also score each held-out fold's sentences that name something after
    /// their first word, cut to open with that name (a stand-in for news
    /// sentences, which open with names: `Лавров заявил`).
    #[arg(long)]
    score_names_first: bool,
    /// Write every held-out missed and spurious mention here, whole
    /// documents, with its fold (`fold<TAB>kind<TAB>type<TAB>text<TAB>context`):
    /// errors to read without reading dev.
    #[arg(long)]
    errors: Option<std::path::PathBuf>,
    #[command(flatten)]
    settings: NerSettings,
}

/// How a named-entity model is trained: the settings cross-validation
/// chooses between, shared by `train-ner` and `cv-ner`.
#[derive(clap::Args, Clone)]
struct NerSettings {
    /// Passes over the training data.
    #[arg(long, default_value_t = 16)]
    epochs: usize,
    /// Shuffling seed; the same seed gives the same model.
    #[arg(long, default_value_t = 7)]
    seed: u64,
    /// Training runs with different shuffles whose weights are averaged.
    #[arg(long, default_value_t = 8)]
    runs: usize,
    /// Weights smaller than this are dropped from the saved model: a smaller,
    /// faster model for a little F1 (per-language choices: docs/entities.md).
    #[arg(long, default_value_t = 1.0)]
    prune: f32,
    /// Train without the prediction-history features (the types given to a
    /// word earlier in the document), to measure what they add.
    #[arg(long)]
    no_prediction_history: bool,
    /// Share of feature occurrences left out of each training step, so no
    /// single feature carries a decision.
    #[arg(long, default_value_t = 0.3)]
    feature_dropout: f32,
    /// Train without the word-length feature (the choice is saved with the
    /// model, so tagging emits the features training did).
    #[arg(long)]
    no_word_length: bool,
    /// Give tokens their first five and six letters as features (for
    /// languages whose names inflect; saved with the model).
    #[arg(long)]
    stems: bool,
    /// Look words' parts up in the gazetteer: hyphenated compounds' parts,
    /// and the word less its last one to three letters (names' derivations,
    /// `Züricher`; saved with the model).
    #[arg(long)]
    parts: bool,
    /// Mark in the gazetteer the last word of every person's name of two or
    /// more words as a known surname (`Merkel` from `Angela Merkel`), a
    /// feature of its own: news and headlines name people by their surnames.
    #[arg(long)]
    surnames: bool,
    /// Lower the outside tag's score by this share of the median entity
    /// margin: more recall for less precision (0 leaves decoding as trained).
    #[arg(long, default_value_t = 0.0)]
    outside_bias: f32,
    /// Unlabeled JSON-lines files (a "text" field per line) for the word clusters; may repeat.
    #[arg(long)]
    unlabeled: Vec<std::path::PathBuf>,
    /// A directory of pretrained word vectors (Navec's `vocab` and `pq.bin`,
    /// as scripts/fetch-embeddings.sh unpacks them): their clusters are
    /// features beside the ones learned from text.
    #[arg(long)]
    embeddings: Option<std::path::PathBuf>,
    /// How many of the most frequent words of --embeddings get clusters
    /// (250,000 won Russian cross-validation: docs/entities.md).
    #[arg(long, default_value_t = 250_000)]
    embedding_words: usize,
    /// Which words count as common (a feature of capitalised words):
    /// seen in lowercase, or seen outside entities in any case (for German,
    /// which capitalises nouns).
    #[arg(long, value_enum, default_value = "lowercase")]
    common_words: ner::train::CommonWordsFrom,
    /// Annotated files whose names the gazetteer knows, without training on
    /// their text (other languages' corpora); may repeat.
    #[arg(long)]
    gazetteer_from: Vec<std::path::PathBuf>,
    /// Treat each --train file as its own annotation convention: features
    /// are learned shared and per file, and the model keeps the shared
    /// weights plus the first file's (feature augmentation, Daumé 2007).
    #[arg(long)]
    adapt: bool,
    /// Give the gazetteer the training and --gazetteer-from names by their
    /// sound skeleton too, the same in Latin and Cyrillic script, and look
    /// capitalised words up by theirs (Russian reading `Popper` as `Поппер`;
    /// saved with the model).
    #[arg(long)]
    cross_script: bool,
    /// Give each capitalised word, as features, the words of four letters
    /// or more within 16 tokens of it in its sentence, by their first five
    /// letters: what a sentence is about tells a person from a place
    /// (saved with the model).
    #[arg(long)]
    sentence_words: bool,
    /// Also train on one in N of the sentences that name something after
    /// their first word, cut to open with that name (`Сегин доставил
    /// письмо`), as news sentences do and Wikipedia's seldom do; 0 for none.
    #[arg(long, default_value_t = 0, value_name = "N")]
    names_first: usize,
    /// Give each token the scripts (Latin, Cyrillic, other) of itself and
    /// its neighbours: in Russian text a word in Latin script is part of a
    /// name or title nearly always (saved with the model).
    #[arg(long)]
    scripts: bool,
}

#[derive(clap::Args)]
struct EvalNerArgs {
    /// Gold documents (`*.docs.jsonl`).
    #[arg(long)]
    gold: std::path::PathBuf,
    /// Language of the documents (ISO 639-1).
    #[arg(long, default_value = "en")]
    lang: String,
    /// A model file to evaluate instead of the embedded one.
    #[arg(long)]
    model: Option<std::path::PathBuf>,
    /// Use the corpus's sentence boundaries instead of the segmenter's (a diagnostic).
    #[arg(long)]
    gold_sentences: bool,
    /// Trim quotation marks off gold mentions' edges (a diagnostic: CoNLL-2002
    /// Spanish puts them inside some names; enrich never returns them)
    #[arg(long)]
    quotes_outside_names: bool,
    /// Score each gold sentence as a document of its own, with no document
    /// around it (a stand-in for headlines and one-line requests).
    #[arg(long)]
    sentences_alone: bool,
    /// Capitalise every word's first letter, as title-case headlines do
    /// (with --sentences-alone, a stand-in for English headlines).
    #[arg(long)]
    title_case: bool,
    /// Take out the space the corpus puts after an elided article or
    /// pronoun (`l' Élysée` becomes `l'Élysée`), as untokenized French and
    /// Italian text writes it.
    #[arg(long)]
    joined_elisions: bool,
    /// Write the corpus as raw text writes it, as far as rules can tell (no
    /// space before a comma or after an opening bracket, `Seoul's`,
    /// `l'Élysée`): what the tokenizer gives back from untokenized text.
    #[arg(long)]
    detokenized: bool,
    /// Score only the sentences that name something after their first word,
    /// each cut to open with that name (a stand-in for news sentences,
    /// which open with names: `Лавров заявил`).
    #[arg(long)]
    names_first: bool,
    /// Keep the tagger's types, without the head-word rules (a diagnostic).
    #[arg(long)]
    tagger_types_only: bool,
    /// Write every missed and spurious mention here (`kind<TAB>type<TAB>text<TAB>context`).
    #[arg(long)]
    errors: Option<std::path::PathBuf>,
    /// Record the score in the --model file's model card (replacing an
    /// earlier score on the same dataset), which GetInfo reports.
    #[arg(long, requires = "model")]
    record: bool,
}

fn seconds(value: f64, flag: &str) -> anyhow::Result<Duration> {
    Duration::try_from_secs_f64(value)
        .map_err(|_| anyhow::anyhow!("--{flag} must be a non-negative number of seconds, not {value}"))
}

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    match cli.command {
        Command::TrainNer(args) => train_ner(args),
        Command::CvNer(args) => cv_ner(args),
        Command::EvalNer(args) => eval_ner(args),
        Command::Bench(args) => bench(args),
        Command::EvalSentences(args) => eval_sentences(args),
        Command::TrainLanguage(args) => train_language(args),
        Command::EvalLanguage(args) => eval_language(args),
        Command::EvalSummary(args) => eval_summary(args),
        Command::TrainSummary(args) => train_summary(args),
        Command::EvalNeutrality(args) => eval_neutrality(args),
        Command::CalibrateNeutrality(args) => calibrate_neutrality(args),
    }
}

fn language(code: &str) -> anyhow::Result<whatlang::Lang> {
    enrich_nlp::language::parse_language_hint(code)
        .map_err(|_| anyhow::anyhow!("unknown language {code:?}; use an ISO 639-1 code such as en"))
}

/// Training options for `lang` from the command line's settings, for
/// `train_files` --train files.
fn train_options(
    lang: whatlang::Lang,
    settings: &NerSettings,
    train_files: usize,
) -> anyhow::Result<ner::train::TrainOptions> {
    if settings.adapt && train_files < 2 {
        anyhow::bail!(
            "--adapt learns each --train file's conventions apart from the first's; give a second --train file"
        );
    }
    let code = enrich_nlp::language::iso_code(lang);
    if !(0.0..0.9).contains(&settings.feature_dropout) {
        anyhow::bail!(
            "--feature-dropout must be at least 0 and below 0.9, not {}",
            settings.feature_dropout
        );
    }
    Ok(ner::train::TrainOptions {
        epochs: settings.epochs,
        seed: settings.seed,
        runs: settings.runs,
        prune: settings.prune,
        card: ModelCard {
            name: format!("enrich-ner-{code}"),
            version: format!(
                "{}-s{}-e{}-r{}-d{}-p{}{}{}{}{}{}{}{}{}{}{}{}{}{}{}",
                env!("CARGO_PKG_VERSION"),
                settings.seed,
                settings.epochs,
                settings.runs,
                settings.feature_dropout,
                settings.prune,
                if settings.no_prediction_history { "-noph" } else { "" },
                if settings.no_word_length { "-nowl" } else { "" },
                if settings.stems { "-stems" } else { "" },
                if settings.parts { "-parts" } else { "" },
                if settings.surnames { "-sur" } else { "" },
                if settings.outside_bias != 0.0 {
                    format!("-ob{}", settings.outside_bias)
                } else {
                    String::new()
                },
                match settings.common_words {
                    ner::train::CommonWordsFrom::Lowercase => "",
                    ner::train::CommonWordsFrom::OutsideEntities => "-cwo",
                },
                if settings.embeddings.is_some() {
                    format!("-emb{}", settings.embedding_words)
                } else {
                    String::new()
                },
                if settings.gazetteer_from.is_empty() {
                    String::new()
                } else {
                    format!("-gaz{}", settings.gazetteer_from.len())
                },
                if settings.adapt { "-adapt" } else { "" },
                if settings.cross_script { "-xs" } else { "" },
                if settings.sentence_words { "-sw" } else { "" },
                if settings.names_first > 0 {
                    format!("-nf{}", settings.names_first)
                } else {
                    String::new()
                },
                if settings.scripts { "-scr" } else { "" }
            ),
            language: code.to_string(),
            evaluations: Vec::new(),
        },
        lang: Some(lang),
        prediction_history: !settings.no_prediction_history,
        feature_dropout: settings.feature_dropout,
        word_length: !settings.no_word_length,
        stems: settings.stems,
        parts: settings.parts,
        surnames: settings.surnames,
        outside_bias: settings.outside_bias,
        common_words: settings.common_words,
        pretrained_clusters: settings
            .embeddings
            .as_deref()
            .map(|dir| ner::embeddings::clusters(dir, settings.embedding_words, settings.seed))
            .transpose()?,
        gazetteer_names: gazetteer_names(&settings.gazetteer_from)?,
        adapt: settings.adapt,
        cross_script: settings.cross_script,
        sentence_words: settings.sentence_words,
        names_first: settings.names_first,
        scripts: settings.scripts,
    })
}

/// The names annotated in `paths`, with their type indices.
fn gazetteer_names(paths: &[std::path::PathBuf]) -> anyhow::Result<Vec<(String, usize)>> {
    let mut names = Vec::new();
    for doc in read_all(paths)? {
        let to_byte = corpus::code_point_to_byte(&doc.text);
        names.extend(
            corpus::gold_spans(&doc, &to_byte)
                .into_iter()
                .map(|(span, ty)| (span.slice(&doc.text).to_string(), ty)),
        );
    }
    Ok(names)
}

fn read_all(paths: &[std::path::PathBuf]) -> anyhow::Result<Vec<corpus::GoldDocument>> {
    Ok(read_sourced(paths)?.0)
}

/// The documents of `paths`, with the index of the file each came from.
fn read_sourced(paths: &[std::path::PathBuf]) -> anyhow::Result<(Vec<corpus::GoldDocument>, Vec<ner::adapt::Source>)> {
    let mut docs = Vec::new();
    let mut sources = Vec::new();
    for (i, path) in paths.iter().enumerate() {
        let read = corpus::read_documents(path)?;
        let source = ner::adapt::Source::try_from(i)?;
        sources.extend(std::iter::repeat_n(source, read.len()));
        docs.extend(read);
    }
    Ok((docs, sources))
}

fn read_unlabeled(settings: &NerSettings) -> anyhow::Result<Vec<String>> {
    let mut unlabeled = Vec::new();
    for path in &settings.unlabeled {
        unlabeled.extend(jsonl::read_texts(path)?);
    }
    Ok(unlabeled)
}

fn train_ner(args: TrainNerArgs) -> anyhow::Result<()> {
    use ner::{eval, train};
    let lang = language(&args.lang)?;
    let code = enrich_nlp::language::iso_code(lang);
    let out = args
        .out
        .unwrap_or_else(|| format!("crates/nlp/assets/models/ner-{code}.bin").into());
    let options = train_options(lang, &args.settings, args.train.len())?;
    let started = Instant::now();
    let (docs, sources) = read_sourced(&args.train)?;
    let unlabeled = read_unlabeled(&args.settings)?;
    let (mut model, report) = train::train(&docs, &sources, &unlabeled, &options);
    if let Some(dev) = &args.dev {
        // The model card records its dev score, which GetInfo reports.
        let copy = enrich_nlp::ner::PerceptronModel::from_bytes(&model.to_bytes())?;
        let pipeline = Pipeline::builder().tagger(lang, Box::new(copy)).build()?;
        let evaluation = eval::evaluate(
            &pipeline,
            &corpus::read_documents(dev)?,
            lang,
            eval::EvalOptions::default(),
        );
        println!("{}", evaluation.report());
        model.card.evaluations.push(evaluation.as_model_evaluation(dev));
    }
    let bytes = model.to_bytes();
    std::fs::write(&out, &bytes).map_err(|e| anyhow::anyhow!("cannot write {}: {e}", out.display()))?;
    println!(
        "trained on {} sentences, {} tokens ({} entities not aligned to tokens); gazetteer {} entries; clusters for {} words from {} unlabeled texts",
        report.sentences, report.tokens, report.misaligned_entities, report.gazetteer_entries, report.cluster_words, unlabeled.len()
    );
    println!("token errors per epoch: {:?}", report.token_errors_per_epoch);
    println!(
        "model: {} features, {:.2} MB on disk, {:.2} MB in memory, written to {} in {:.1} s",
        model.feature_count(),
        bytes.len() as f64 / 1e6,
        model.memory_bytes() as f64 / 1e6,
        out.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// k-fold cross-validation: each fold of the first training file is held
/// out once, a model trained on the rest (and on every further file) tags it
/// through the pipeline, and its micro F1 is reported with the mean. Folds
/// are documents taken in turn (document i goes to fold i mod k), so each
/// fold spans the whole corpus. Folds train in parallel, one per core.
fn cv_ner(args: CvNerArgs) -> anyhow::Result<()> {
    use ner::{eval, train};
    let lang = language(&args.lang)?;
    if args.folds < 2 {
        anyhow::bail!("--folds must be at least 2, not {}", args.folds);
    }
    let options = train_options(lang, &args.settings, args.train.len())?;
    // The first file's documents (source 0) are cut into folds; the further
    // files' always train.
    let (mut primary, sources) = read_sourced(&args.train)?;
    let own = sources.iter().take_while(|s| **s == 0).count();
    let extra = primary.split_off(own);
    let extra_sources = &sources[own..];
    let unlabeled = read_unlabeled(&args.settings)?;
    let started = Instant::now();
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    let fold = |k: usize| -> anyhow::Result<(eval::Evaluation, [Option<eval::Evaluation>; 3])> {
        let mut training: Vec<corpus::GoldDocument> = Vec::new();
        let mut held = Vec::new();
        for (i, doc) in primary.iter().enumerate() {
            if i % args.folds == k {
                held.push(doc.clone());
            } else {
                training.push(doc.clone());
            }
        }
        let mut sources = vec![0; training.len()];
        training.extend(extra.iter().cloned());
        sources.extend(extra_sources);
        let (model, _) = train::train(&training, &sources, &unlabeled, &options);
        let pipeline = Pipeline::builder().tagger(lang, Box::new(model)).build()?;
        let whole = eval::evaluate(&pipeline, &held, lang, eval::EvalOptions::default());
        let sentences: Vec<_> = if args.sentences_alone || args.title_case {
            held.iter().flat_map(corpus::sentences_alone).collect()
        } else {
            Vec::new()
        };
        let alone = args
            .sentences_alone
            .then(|| eval::evaluate(&pipeline, &sentences, lang, eval::EvalOptions::default()));
        let titled = args.title_case.then(|| {
            let titled: Vec<_> = sentences.iter().map(corpus::title_cased).collect();
            eval::evaluate(&pipeline, &titled, lang, eval::EvalOptions::default())
        });
        let names_first = args.score_names_first.then(|| {
            let cut: Vec<_> = held.iter().flat_map(corpus::names_first).collect();
            eval::evaluate(&pipeline, &cut, lang, eval::EvalOptions::default())
        });
        Ok((whole, [alone, titled, names_first]))
    };
    let mut scores = vec![0.0; args.folds];
    // The further views' scores per fold: sentences alone, title-cased,
    // names first.
    const VIEWS: [&str; 3] = [
        "sentences alone",
        "title-cased sentences alone",
        "sentences opening with a name",
    ];
    let mut view_scores: [Vec<f64>; 3] = Default::default();
    let mut error_lines = String::new();
    for first in (0..args.folds).step_by(cores) {
        let batch: Vec<usize> = (first..(first + cores).min(args.folds)).collect();
        let results: Vec<anyhow::Result<_>> = std::thread::scope(|scope| {
            let handles: Vec<_> = batch.iter().map(|&k| scope.spawn(move || fold(k))).collect();
            handles
                .into_iter()
                .map(|h| {
                    h.join()
                        .unwrap_or_else(|_| Err(anyhow::anyhow!("a fold's training panicked")))
                })
                .collect()
        });
        for (&k, result) in batch.iter().zip(results) {
            let (whole, views) = result?;
            for e in &whole.errors {
                error_lines.push_str(&format!("{}\t{}\n", k + 1, error_line(e)));
            }
            let micro = whole.micro();
            scores[k] = micro.f1();
            let mut line = format!(
                "fold {}/{}: precision {:.4} recall {:.4} F1 {:.4}",
                k + 1,
                args.folds,
                micro.precision(),
                micro.recall(),
                micro.f1(),
            );
            for ((view, scores), evaluation) in VIEWS.iter().zip(&mut view_scores).zip(views) {
                if let Some(f1) = evaluation.map(|a| a.micro().f1()) {
                    scores.push(f1);
                    line.push_str(&format!("; {view} F1 {f1:.4}"));
                }
            }
            println!("{line}");
        }
    }
    if let Some(path) = &args.errors {
        std::fs::write(path, error_lines).map_err(|e| anyhow::anyhow!("cannot write {}: {e}", path.display()))?;
    }
    let mean = scores.iter().sum::<f64>() / scores.len() as f64;
    let spread = (scores.iter().map(|s| (s - mean).powi(2)).sum::<f64>() / scores.len() as f64).sqrt();
    println!(
        "cv {} {}: mean F1 {mean:.4} (sd {spread:.4}) over {} folds of {} documents (+{} always training) in {:.0} s",
        args.lang,
        options.card.version,
        args.folds,
        primary.len(),
        extra.len(),
        started.elapsed().as_secs_f64()
    );
    for (view, scores) in VIEWS.iter().zip(&view_scores) {
        if !scores.is_empty() {
            println!(
                "{view}: mean F1 {:.4}",
                scores.iter().sum::<f64>() / scores.len() as f64
            );
        }
    }
    Ok(())
}

fn eval_ner(args: EvalNerArgs) -> anyhow::Result<()> {
    use ner::eval;
    let lang = language(&args.lang)?;
    let mut builder = Pipeline::builder();
    if let Some(path) = &args.model {
        let bytes = std::fs::read(path).map_err(|e| anyhow::anyhow!("cannot read {}: {e}", path.display()))?;
        let model =
            enrich_nlp::ner::load_model(lang, &bytes).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
        builder = builder.tagger(lang, Box::new(model));
    }
    let pipeline = builder.build()?;
    let Some(tagger) = pipeline.entities().tagger(lang) else {
        anyhow::bail!("no named-entity model for {}; pass --model", lang.eng_name());
    };
    println!("model {} {}", tagger.card().name, tagger.card().version);
    if (args.sentences_alone || args.title_case || args.joined_elisions || args.detokenized || args.names_first)
        && args.record
    {
        anyhow::bail!(
            "--record keeps the score of the documents as they are; leave out --sentences-alone, --title-case, --joined-elisions, --detokenized and --names-first to record"
        );
    }
    let mut gold = corpus::read_documents(&args.gold)?;
    if args.sentences_alone {
        gold = gold.iter().flat_map(corpus::sentences_alone).collect();
    }
    if args.title_case {
        gold = gold.iter().map(corpus::title_cased).collect();
    }
    if args.joined_elisions {
        gold = gold.iter().map(corpus::elisions_joined).collect();
    }
    if args.detokenized {
        gold = gold.iter().map(corpus::detokenized).collect();
    }
    if args.names_first {
        gold = gold.iter().flat_map(corpus::names_first).collect();
    }
    let started = Instant::now();
    let options = eval::EvalOptions {
        gold_sentences: args.gold_sentences,
        quotes_outside_names: args.quotes_outside_names,
        tagger_types_only: args.tagger_types_only,
    };
    let evaluation = eval::evaluate(&pipeline, &gold, lang, options);
    println!(
        "{} documents in {:.2} s",
        evaluation.documents,
        started.elapsed().as_secs_f64()
    );
    print!("{}", evaluation.report());
    if let (true, Some(path)) = (args.record, &args.model) {
        let bytes = std::fs::read(path).map_err(|e| anyhow::anyhow!("cannot read {}: {e}", path.display()))?;
        let mut model = enrich_nlp::ner::load_model(lang, &bytes)?;
        let scored = evaluation.as_model_evaluation(&args.gold);
        model.card.evaluations.retain(|e| e.dataset != scored.dataset);
        model.card.evaluations.push(scored);
        std::fs::write(path, model.to_bytes()).map_err(|e| anyhow::anyhow!("cannot write {}: {e}", path.display()))?;
        println!("recorded in {}", path.display());
    }
    if let Some(path) = &args.errors {
        let lines: String = evaluation.errors.iter().map(|e| error_line(e) + "\n").collect();
        std::fs::write(path, lines).map_err(|e| anyhow::anyhow!("cannot write {}: {e}", path.display()))?;
    }
    Ok(())
}

/// One scoring error as `--errors` files hold it: `kind<TAB>type<TAB>text<TAB>context`.
fn error_line(e: &ner::eval::EntityError) -> String {
    format!("{}\t{}\t{}\t{}", e.kind, e.entity_type, e.text, e.context)
}

fn bench(args: BenchArgs) -> anyhow::Result<()> {
    anyhow::ensure!(args.concurrency >= 1, "--concurrency must be at least 1");
    anyhow::ensure!(args.batch_size >= 1, "--batch-size must be at least 1");
    let documents = loadgen::load_documents(&args.docs, args.max_bytes)?;
    let test = loadgen::LoadTest {
        target: args.target.clone(),
        concurrency: args.concurrency,
        duration: seconds(args.seconds, "seconds")?,
        requests: args.requests,
        mode: args.mode,
        batch_size: args.batch_size,
        documents: Arc::new(documents),
    };
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(async {
        let waited = loadgen::wait_until_serving(&args.target, seconds(args.wait_seconds, "wait-seconds")?).await?;
        println!("SERVING after {:.1} ms of waiting", waited.as_secs_f64() * 1e3);
        let report = loadgen::run(test.clone()).await?;
        println!("{}", report.render(&test));
        Ok(())
    })
}

fn eval_sentences(args: EvalSentencesArgs) -> anyhow::Result<()> {
    use enrich_nlp::segment::Segmenter;
    use evaluation::sentences as evaluation;
    let lang = language(&args.lang)?;
    let docs = corpus::read_documents(&args.gold)?;
    let segmenter = Segmenter::new();
    let mut errors = Vec::new();
    let started = Instant::now();
    let counts = evaluation::evaluate(&segmenter, &docs, Some(lang), &mut errors, args.show_errors);
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    println!(
        "{} documents, {} gold boundaries: precision {:.4}, recall {:.4}, F1 {:.4} ({:.1} MB/s including evaluation)",
        docs.len(),
        counts.gold,
        counts.precision(),
        counts.recall(),
        counts.f1(),
        bytes as f64 / 1e6 / started.elapsed().as_secs_f64()
    );
    for e in errors {
        println!("  {e}");
    }
    Ok(())
}

fn train_language(args: TrainLanguageArgs) -> anyhow::Result<()> {
    let keep: [usize; 5] = args
        .keep
        .as_slice()
        .try_into()
        .map_err(|_| anyhow::anyhow!("--keep takes five counts, one per order 1 to 5"))?;
    let started = Instant::now();
    let language::distil::Distilled { bytes, kept: counts } =
        language::distil::distil(&args.manifest, &args.stopwords, &language::distil::Budget(keep))?;
    if let Some(dir) = args.out.parent() {
        std::fs::create_dir_all(dir)?;
    }
    std::fs::write(&args.out, &bytes)?;
    let total: usize = counts.iter().map(|(_, n)| n).sum();
    println!(
        "{} languages, {total} n-grams, {} bytes -> {} ({:.1} s)",
        counts.len(),
        bytes.len(),
        args.out.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

fn eval_language(args: EvalLanguageArgs) -> anyhow::Result<()> {
    use enrich_nlp::language::LanguageDetector;
    use language::eval::{self, Class, Half};
    let started = Instant::now();
    let mut items = eval::udhr_items(&eval::read_udhr(&args.data.join("langid/udhr.jsonl"))?, args.half);
    items.extend(eval::news_items(&args.data, args.half)?);
    let detector = LanguageDetector::new()?;
    if args.tune {
        anyhow::ensure!(
            args.half == Half::Tune,
            "--tune chooses settings on the tuning half only"
        );
        let settings = eval::tune(&detector, &items);
        println!("chosen on the tuning half: {settings:#?}");
        return Ok(());
    }
    let outcomes = eval::run(&detector, &items, true);
    let seconds = started.elapsed().as_secs_f64();
    let languages = eval::by_language(&outcomes);
    println!(
        "Language identification, {:?} half: {} items in {} languages ({seconds:.1} s). Accuracy is the mean over languages of each language's accuracy.",
        args.half,
        outcomes.len(),
        languages.len(),
    );
    println!();
    println!("| length class | items | languages | enrich | whatlang bare | reliable set | reliable precision |");
    println!("|---|---|---|---|---|---|---|");
    for (class, accuracy, whatlang, tally) in eval::by_class(&outcomes) {
        let n_langs = languages.values().filter(|c| c.contains_key(&class)).count();
        println!(
            "| {} | {} | {n_langs} | {accuracy:.4} | {whatlang:.4} | {:.3} | {:.4} |",
            class.name(),
            tally.items,
            tally.reliable_rate(),
            tally.reliable_precision()
        );
    }
    let all = eval::Tally::of(&outcomes);
    println!(
        "| **all (pooled)** | {} | {} | {:.4} | {:.4} | {:.3} | {:.4} |",
        all.items,
        languages.len(),
        all.accuracy(),
        all.whatlang_accuracy(),
        all.reliable_rate(),
        all.reliable_precision()
    );
    println!();
    println!(
        "Log loss of the right language's probability: {:.4}",
        eval::log_loss(&outcomes)
    );
    if args.per_language {
        println!();
        println!("The most confident mistakes:");
        for line in eval::confident_mistakes(&items, &outcomes, 30) {
            println!("  {line}");
        }
        println!();
        println!("Most frequent confusions (right -> detected: count):");
        let mut confusions: std::collections::BTreeMap<(String, String), usize> = Default::default();
        for o in outcomes.iter().filter(|o| !o.correct()) {
            let detected = o.detected.lang.map_or("und", |l| l.code());
            *confusions
                .entry((o.lang.code().to_string(), detected.to_string()))
                .or_default() += 1;
        }
        let mut confusions: Vec<_> = confusions.into_iter().collect();
        confusions.sort_by_key(|c| std::cmp::Reverse(c.1));
        let top: Vec<String> = confusions
            .iter()
            .take(30)
            .map(|((a, b), n)| format!("{a}->{b}: {n}"))
            .collect();
        println!("{}", top.join(", "));
        println!();
        let header: Vec<&str> = Class::ALL.iter().map(|c| c.name()).collect();
        println!("| language | {} |", header.join(" | "));
        println!("|---|{}", "---|".repeat(header.len()));
        for (lang, classes) in &languages {
            let cells: Vec<String> = Class::ALL
                .iter()
                .map(|c| {
                    classes.get(c).map_or("".into(), |t| {
                        format!("{:.2} ({:.2})", t.accuracy(), t.whatlang_accuracy())
                    })
                })
                .collect();
            println!("| {lang} | {} |", cells.join(" | "));
        }
        println!();
        println!("Cells: enrich (whatlang bare).");
    }
    Ok(())
}

fn eval_summary(args: EvalSummaryArgs) -> anyhow::Result<()> {
    use evaluation::summary::{evaluate, read, Length, Scores, Strategy};
    use summary::train::{examples, fold_of, train, Settings};
    let references = read(&args.gold)?;
    let all: Vec<&_> = references.iter().collect();
    let mut builder = Pipeline::builder();
    if let Some(path) = &args.model {
        let text = std::fs::read_to_string(path).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
        builder = builder.content_model(enrich_nlp::lab::ContentModel::parse(&text)?);
    }
    let pipeline = builder.build()?;
    // The pipelines that score the enrich rows, each with the references it
    // scores: one for all, or one per fold trained on the other folds.
    let mut scorers: Vec<(Pipeline, Vec<&_>)> = Vec::new();
    if args.cross_fit > 1 {
        let settings = Settings {
            l2: args.l2,
            ..Settings::default()
        };
        let examples = examples(&pipeline, &references);
        for fold in 0..args.cross_fit {
            let training: Vec<_> = examples
                .iter()
                .enumerate()
                .filter(|(i, _)| fold_of(*i, args.cross_fit) != fold)
                .map(|(_, e)| e)
                .collect();
            let model = train(&training, settings);
            let held: Vec<&_> = all
                .iter()
                .enumerate()
                .filter(|(i, _)| fold_of(*i, args.cross_fit) == fold)
                .map(|(_, r)| *r)
                .collect();
            scorers.push((Pipeline::builder().content_model(model).build()?, held));
        }
        println!(
            "enrich rows cross-fitted: each of {} folds scored by a model trained on the others (l2 {})",
            args.cross_fit, args.l2
        );
    }
    println!(
        "{} documents; F1 of chosen sentences against the reference's; loadedness 0..1 (lower is more neutral)",
        references.len()
    );
    println!(
        "| strategy | F1 (k = reference length) | F1 (k = 3) | summary loadedness (k = 3) | document loadedness |"
    );
    println!("|---|---|---|---|---|");
    let mut strategies = vec![
        ("first k sentences".to_string(), Strategy::Lead),
        (
            "TextRank, word overlap (Mihalcea and Tarau 2004)".to_string(),
            Strategy::OverlapTextRank,
        ),
        ("TextRank, enrich's TF-IDF cosine".to_string(), Strategy::TextRank),
    ];
    for w in &args.weights {
        strategies.push((format!("enrich, neutrality weight {w}"), Strategy::Enrich(*w)));
    }
    for (name, strategy) in strategies {
        let score = |length| match strategy {
            Strategy::Enrich(_) if !scorers.is_empty() => scorers
                .iter()
                .map(|(p, refs)| evaluate(p, refs, strategy, length))
                .fold(Scores::default(), Scores::combine),
            _ => evaluate(&pipeline, &all, strategy, length),
        };
        let full = score(Length::Reference);
        let three = score(Length::Fixed(3));
        println!(
            "| {name} | {:.4} | {:.4} | {:.4} | {:.4} |",
            full.f1, three.f1, three.summary_loadedness, three.document_loadedness
        );
    }
    Ok(())
}

fn train_summary(args: TrainSummaryArgs) -> anyhow::Result<()> {
    use summary::train::{examples, train, Settings};
    let references = evaluation::summary::read(&args.gold)?;
    let pipeline = Pipeline::new()?;
    let examples = examples(&pipeline, &references);
    let sentences: usize = examples.iter().map(|e| e.taken.len()).sum();
    let model = train(
        &examples.iter().collect::<Vec<_>>(),
        Settings {
            l2: args.l2,
            ..Settings::default()
        },
    );
    std::fs::write(&args.out, model.to_text()).map_err(|e| anyhow::anyhow!("{}: {e}", args.out.display()))?;
    println!(
        "trained on {} documents, {sentences} sentences; wrote {}",
        examples.len(),
        args.out.display()
    );
    for (name, weight) in enrich_nlp::lab::CONTENT_FEATURES.iter().zip(model.weights) {
        println!("{name:>16} {weight:+.3}");
    }
    Ok(())
}

fn eval_neutrality(args: EvalNeutralityArgs) -> anyhow::Result<()> {
    let lang = language(&args.lang)?;
    if !enrich_nlp::summary::NEUTRALITY_LANGUAGES.contains(&lang) {
        anyhow::bail!("no neutrality lexicons for {}", args.lang);
    }
    let texts = jsonl::read_texts(&args.docs)?;
    // With an independent judge the summary stage selects as the service
    // does, with every embedded word and cue; else with half of them.
    let (selector, judge) = match &args.judge_lexicon {
        Some(path) => (Pipeline::new()?, evaluation::neutrality::independent_judge(lang, path)?),
        None => (
            Pipeline::builder()
                .neutrality_share(enrich_nlp::lab::Share::Selector)
                .build()?,
            evaluation::neutrality::held_apart_judge(lang)
                .ok_or_else(|| anyhow::anyhow!("no neutrality lexicons for {}", args.lang))?,
        ),
    };
    let weight = args
        .weight
        .unwrap_or(enrich_nlp::SummaryOptions::default().neutrality_weight);
    let judged = evaluation::neutrality::evaluate(&selector, &judge, lang, &texts, args.k, weight);
    println!(
        "| {} | {}{} | {} | {:.4} | {:.4} | {:.4} ({:+.4} ± {:.4}) | {}/{} | {:.3} | {:.3} |",
        args.lang,
        args.docs.display(),
        args.judge_lexicon
            .as_ref()
            .map(|p| format!(" (judge {})", p.display()))
            .unwrap_or_default(),
        judged.documents,
        judged.document_loadedness,
        judged.plain_summary,
        judged.neutral_summary,
        judged.neutral_summary - judged.document_loadedness,
        judged.gap_standard_error,
        judged.neutral_below_document,
        judged.documents,
        judged.plain_takes_most_loaded,
        judged.neutral_takes_most_loaded,
    );
    Ok(())
}

fn calibrate_neutrality(args: CalibrateNeutralityArgs) -> anyhow::Result<()> {
    let lang = language(&args.lang)?;
    let pipeline = Pipeline::new()?;
    let texts = jsonl::read_texts(&args.docs)?;
    let english = jsonl::read_texts(&args.english)?;
    let (target, uncalibrated, calibration) = evaluation::neutrality::calibrate(&pipeline, lang, &texts, &english);
    println!(
        "{}: mean sentence loadedness {uncalibrated:.4} uncalibrated, English {target:.4}; calibration {calibration:.2}",
        args.lang
    );
    Ok(())
}
