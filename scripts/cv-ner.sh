#!/usr/bin/env bash
# Chooses each language's named-entity training settings by 3-fold
# cross-validation on its training data (never on dev): for every language
# it runs `enrich-lab cv-ner` with the default settings, with lighter
# pruning (--prune 0.5) and without the word-length feature; where a news
# corpus exists (CoNLL for de, en, es, nl) it first compares training on it
# alone with adding WikiNEuRal for that language, and the grid then uses
# both. Folds are always cut from the news corpus. Then a few settings per
# language (below): German's common words, outside bias, dropout, words' parts and English news;
# Polish and Russian stems; Russian word clusters from Navec's vectors; Italian with Spanish and Portuguese WikiNEuRal;
# the other corpora's names in the gazetteer (every language); the words
# around a capitalised word (every language, session 27); Russian sentences
# cut to open with a name (session 28). Four averaged runs
# per model instead of the shipped eight keep it to about 90 s a setting on
# two cores; the comparison is between settings, at equal runs.
# Usage: scripts/cv-ner.sh [lang ...]   (default: de fr it pt pl ru en es nl)
# Logs go to target/cv/<lang>-<setting>.log; the summary line of each is
# printed at the end. docs/entities.md records the numbers it chose by.
set -euo pipefail
cd "$(dirname "$0")/.."
data=../shared/data/ner
# A copy of the binary, so rebuilding while this runs cannot change the
# program between the settings it compares.
cargo build --release --locked -p enrich-lab
mkdir -p target/cv
bin=target/cv/enrich-lab-$$
cp target/release/enrich-lab "$bin"
trap 'rm -f "$bin"' EXIT
mkdir -p target/cv
langs=("$@")
[ ${#langs[@]} -gt 0 ] || langs=(de fr it pt pl ru en es nl)
train_files() {
    case "$1" in
        en) echo "$data/conll2003/train.docs.jsonl" ;;
        es | nl) echo "$data/conll2002/$1_train.docs.jsonl" ;;
        de) echo "$data/conll2003_de/train.docs.jsonl" ;;
        *) echo "$data/wikineural/$1_train.docs.jsonl" ;;
    esac
}
run() {
    local lang=$1 name=$2
    shift 2
    "$bin" cv-ner --lang "$lang" --folds 3 --runs 4 "$@" | tee "target/cv/$lang-$name.log" | grep -E "^(cv |sentences alone|title-cased|sentences opening)"
}
for lang in "${langs[@]}"; do
    files=(--train "$(train_files "$lang")")
    case "$lang" in
        de | en | es | nl)
            run "$lang" conll-only "${files[@]}"
            files+=(--train "$data/wikineural/${lang}_train.docs.jsonl")
            ;;
    esac
    run "$lang" default "${files[@]}"
    run "$lang" prune0.5 "${files[@]}" --prune 0.5
    run "$lang" no-word-length "${files[@]}" --no-word-length
    case "$lang" in
        de)
            # German capitalises every noun: common words counted outside
            # entities in any case, not only in lowercase; and recall for
            # precision, and less or more dropout.
            run de common-outside-entities "${files[@]}" --common-words outside-entities
            run de outside-bias-0.1 "${files[@]}" --outside-bias 0.1
            run de dropout-0.2 "${files[@]}" --feature-dropout 0.2
            run de dropout-0.4 "${files[@]}" --feature-dropout 0.4
            # Words' parts in the gazetteer (derivations, compounds), alone
            # and with English CoNLL-2003 news as more training material.
            run de parts "${files[@]}" --parts
            run de with-conll-en "${files[@]}" --train "$data/conll2003/train.docs.jsonl"
            run de parts-with-conll-en "${files[@]}" --parts --train "$data/conll2003/train.docs.jsonl"
            ;;
        pl | ru)
            # Names inflect: prefix stems.
            run "$lang" prune0.5-stems "${files[@]}" --prune 0.5 --stems
            ;;
    esac
    case "$lang" in
        ru)
            # Clusters from Navec's news word vectors (250,000 words) instead
            # of from the 10,000 training sentences.
            scripts/fetch-embeddings.sh
            run ru prune0.5-navec250k "${files[@]}" --prune 0.5 \
                --embeddings target/embeddings/navec-news-v1
            run ru prune0.5-navec250k-parts "${files[@]}" --prune 0.5 --parts \
                --embeddings target/embeddings/navec-news-v1
            # Feature dropout around the default 0.3.
            for d in 0.1 0.2 0.45; do
                run ru "prune0.5-navec250k-parts-dropout$d" "${files[@]}" --prune 0.5 --parts \
                    --embeddings target/embeddings/navec-news-v1 --feature-dropout $d
            done
            ;;
        it)
            # The neighbouring Wikipedias share names.
            run it prune0.5-with-es-pt "${files[@]}" --prune 0.5 \
                --train "$data/wikineural/es_train.docs.jsonl" --train "$data/wikineural/pt_train.docs.jsonl"
            ;;
    esac
    # The other corpora's names in the gazetteer (session 23), on each
    # language's shipped recipe.
    own=$data/wikineural/${lang}_train.docs.jsonl
    case "$lang" in
        fr | pt | pl)
            mapfile -t names < <(scripts/other-names.sh "$own" "$data/wikineural/ru_train.docs.jsonl")
            run "$lang" prune0.5-other-names "${files[@]}" --prune 0.5 "${names[@]}"
            if [ "$lang" = fr ]; then
                # Session 25: known surnames, documents whole and sentences alone.
                run fr prune0.5-other-names-alone "${files[@]}" --prune 0.5 "${names[@]}" --sentences-alone
                run fr prune0.5-other-names-surnames "${files[@]}" --prune 0.5 "${names[@]}" --surnames --sentences-alone
            fi
            ;;
        es | nl)
            own=$data/conll2002/${lang}_train.docs.jsonl
            mapfile -t names < <(scripts/other-names.sh "$own" "$data/wikineural/ru_train.docs.jsonl")
            setting=(--no-word-length)
            [ "$lang" = nl ] && setting=(--prune 0.5)
            run "$lang" conll-only-shipped "--train" "$own" "${setting[@]}"
            run "$lang" conll-only-shipped-other-names "--train" "$own" "${setting[@]}" "${names[@]}"
            # Session 25: WikiNEuRal's text (not its labels) for the word
            # clusters; for Spanish, known surnames (`--surnames`) too.
            wiki_text=(--unlabeled "$data/wikineural/${lang}_train.docs.jsonl")
            run "$lang" shipped-unlabeled "--train" "$own" "${setting[@]}" "${names[@]}" "${wiki_text[@]}" \
                --sentences-alone
            if [ "$lang" = es ]; then
                run es shipped-surnames "--train" "$own" "${setting[@]}" "${names[@]}" --surnames
                run es shipped-unlabeled-surnames "--train" "$own" "${setting[@]}" "${names[@]}" "${wiki_text[@]}" \
                    --surnames --sentences-alone
            fi
            # Session 26: WikiNEuRal as a training file learned as its own
            # convention (--adapt), on the shipped recipe.
            shipped=("--train" "$own" "${setting[@]}" "${names[@]}")
            [ "$lang" = es ] && shipped+=("${wiki_text[@]}")
            run "$lang" shipped-adapt-wikineural "${shipped[@]}" --train "$data/wikineural/${lang}_train.docs.jsonl" --adapt
            # CoNLL-2003 English news learned apart (Spanish ships it), and
            # for Spanish also CoNLL-2002 Dutch (not kept: lost a fold).
            run "$lang" shipped-adapt-conll-en "${shipped[@]}" --train "$data/conll2003/train.docs.jsonl" --adapt
            if [ "$lang" = es ]; then
                run es shipped-adapt-conll-en-nl "${shipped[@]}" --train "$data/conll2003/train.docs.jsonl" \
                    --train "$data/conll2002/nl_train.docs.jsonl" --adapt
            fi
            ;;
        it)
            es=$data/wikineural/es_train.docs.jsonl pt=$data/wikineural/pt_train.docs.jsonl
            mapfile -t names < <(scripts/other-names.sh "$own" "$es" "$pt" "$data/wikineural/ru_train.docs.jsonl")
            run it prune0.5-with-es-pt-other-names "${files[@]}" --prune 0.5 --train "$es" --train "$pt" "${names[@]}"
            # Session 26: the Spanish and Portuguese files learned as their
            # own conventions (--adapt).
            run it prune0.5-with-es-pt-other-names-adapt "${files[@]}" --prune 0.5 --train "$es" --train "$pt" \
                "${names[@]}" --adapt
            ;;
        en | de)
            # Session 24, each held-out fold also scored with every sentence
            # a document of its own, and title-cased (stand-ins for headlines).
            conll_en=$data/conll2003/train.docs.jsonl
            if [ "$lang" = en ]; then
                shipped=("${files[@]}" --prune 0.5 --unlabeled ../shared/data/text/sotu.jsonl
                    --unlabeled ../shared/data/text/lee_background.jsonl)
            else
                shipped=("${files[@]}" --train "$conll_en" --parts)
            fi
            mapfile -t names < <(scripts/other-names.sh "$(train_files "$lang")" "$own" "$conll_en" \
                "$data/wikineural/ru_train.docs.jsonl")
            run "$lang" shipped "${shipped[@]}" --sentences-alone --title-case
            run "$lang" shipped-other-names "${shipped[@]}" "${names[@]}" --sentences-alone --title-case
            # Session 25: known surnames (`--surnames`), English on its
            # shipped recipe (with the names), German on its own.
            if [ "$lang" = en ]; then
                run en shipped-other-names-surnames "${shipped[@]}" "${names[@]}" --surnames \
                    --sentences-alone --title-case
            else
                run de shipped-surnames "${shipped[@]}" --surnames --sentences-alone
            fi
            # Session 26: each further file learned as its own convention
            # (--adapt), on the shipped recipe.
            if [ "$lang" = en ]; then
                run en shipped-other-names-surnames-adapt "${shipped[@]}" "${names[@]}" --surnames --adapt \
                    --sentences-alone --title-case
            else
                run de shipped-adapt "${shipped[@]}" --adapt
            fi
            ;;
        ru)
            mapfile -t names < <(scripts/other-names.sh "$own")
            run ru prune0.5-navec250k-parts-dropout0.2-other-names "${files[@]}" --prune 0.5 --parts \
                --embeddings target/embeddings/navec-news-v1 --feature-dropout 0.2 "${names[@]}"
            # Session 25: known surnames (`Поппера` finds `Поппер` through --parts).
            run ru prune0.5-navec250k-parts-dropout0.2-surnames "${files[@]}" --prune 0.5 --parts \
                --embeddings target/embeddings/navec-news-v1 --feature-dropout 0.2 --surnames
            # Session 26: the other corpora's names and the training names
            # known by their sound skeleton (--cross-script); and Polish
            # WikiNEuRal learned as its own convention on top.
            run ru shipped-other-names-cross-script "${files[@]}" --prune 0.5 --parts \
                --embeddings target/embeddings/navec-news-v1 --feature-dropout 0.2 "${names[@]}" --cross-script
            run ru shipped-other-names-cross-script-adapt-pl "${files[@]}" --prune 0.5 --parts \
                --embeddings target/embeddings/navec-news-v1 --feature-dropout 0.2 "${names[@]}" --cross-script \
                --train "$data/wikineural/pl_train.docs.jsonl" --adapt
            ;;
    esac
    # Session 27: the words around a capitalised word (--sentence-words),
    # on each language's shipped recipe without and with it; for Russian,
    # then the word's own prefix stems too (--stems, shipped).
    mapfile -t recipe < <(scripts/ner-recipe.sh "$lang")
    # The recipe less Russian's session-29 option, and less its session-28
    # option (and its value).
    mapfile -t before_scripts < <(printf '%s\n' "${recipe[@]}" | grep -vx -e --scripts)
    before_names_first=()
    for ((i = 0; i < ${#before_scripts[@]}; i++)); do
        if [ "${before_scripts[i]}" = --names-first ]; then
            i=$((i + 1))
        else
            before_names_first+=("${before_scripts[i]}")
        fi
    done
    mapfile -t shipped < <(printf '%s\n' "${before_names_first[@]}" | grep -vx -e --sentence-words -e --stems)
    run "$lang" s27-shipped "${shipped[@]}"
    run "$lang" s27-shipped-sentence-words "${shipped[@]}" --sentence-words
    if [ "$lang" = ru ]; then
        run ru s27-shipped-sentence-words-stems "${shipped[@]}" --sentence-words --stems
        # Session 28: sentences cut to open with their first name, trained
        # on for one in N sentences (--names-first N), each scored also on
        # the held-out sentences cut so (--score-names-first).
        run ru s28-before-names-first "${before_names_first[@]}" --score-names-first
        for n in 1 2 4 8; do
            run ru "s28-names-first-$n" "${before_names_first[@]}" --score-names-first --names-first "$n"
        done
        # Session 29: the scripts of a token and its neighbours (--scripts).
        run ru s29-before-scripts "${before_scripts[@]}"
        run ru s29-scripts "${before_scripts[@]}" --scripts
    fi
done
grep -h "^cv " target/cv/*.log
