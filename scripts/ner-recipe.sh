#!/usr/bin/env bash
# Prints the shipped training settings of one language's named-entity model,
# one argument per line, for `enrich-lab train-ner` (scripts/train-ner.sh adds
# the dev file) and `enrich-lab cv-ner` (scripts/cv-ner.sh compares settings
# against it). The first --train file is the language's own corpus: the one
# cross-validation folds and `--adapt` serves. Every setting here won every
# cross-validation fold against the one before it (docs/entities.md), but
# two of Russian's: --names-first, chosen for sentences that open with a
# name, and --scripts, which lost one fold by 0.0002 and won every fold
# with another seed.
# Usage: scripts/ner-recipe.sh LANG
set -euo pipefail
cd "$(dirname "$0")/.."
data=../shared/data/ner
lang=${1:?usage: scripts/ner-recipe.sh LANG}
wiki=$data/wikineural/${lang}_train.docs.jsonl
russian=$data/wikineural/ru_train.docs.jsonl
# scripts/other-names.sh lists every other training file's names for the
# gazetteer only (the language's own files and, for a Latin-script
# language, Russian's Cyrillic names left out): a name is a name in every
# language's text (`Macron`, `Alitalia`). French, Italian, Portuguese,
# Polish, Spanish and Dutch gained in every fold from them (session 23),
# English too (session 24), Russian with their sound skeletons (session 26);
# German does not use them.
case "$lang" in
    en)
        mapfile -t names < <(scripts/other-names.sh "$data/conll2003/train.docs.jsonl" "$wiki" "$russian")
        # CoNLL-2003 with WikiNEuRal en learned as its own convention
        # (--adapt, session 26); lighter pruning; word clusters also from
        # unlabeled text; known surnames (session 25: headlines gained). Not
        # the words around a capitalised word: they won every fold but cost
        # title-cased headlines 2.5 points (session 28).
        args=(--train "$data/conll2003/train.docs.jsonl" --train "$wiki" --prune 0.5
            --unlabeled ../shared/data/text/sotu.jsonl --unlabeled ../shared/data/text/lee_background.jsonl
            "${names[@]}" --surnames --adapt) ;;
    de)
        # German news with WikiNEuRal de and English CoNLL-2003, each learned
        # as its own convention (--adapt, session 26), and words' parts
        # looked up in the gazetteer (`Züricher`, `Wentz-Referenten`).
        args=(--train "$data/conll2003_de/train.docs.jsonl" --train "$wiki"
            --train "$data/conll2003/train.docs.jsonl" --parts --adapt) ;;
    es)
        own=$data/conll2002/es_train.docs.jsonl
        mapfile -t names < <(scripts/other-names.sh "$own" "$russian")
        # No word length; word clusters also from WikiNEuRal es's text, never
        # its labels (session 25); CoNLL-2003 English news learned apart
        # (--adapt, session 26); the words around a capitalised word
        # (session 27).
        args=(--train "$own" --no-word-length --unlabeled "$wiki"
            --train "$data/conll2003/train.docs.jsonl" --adapt "${names[@]}" --sentence-words) ;;
    nl)
        own=$data/conll2002/nl_train.docs.jsonl
        mapfile -t names < <(scripts/other-names.sh "$own" "$russian")
        args=(--train "$own" --prune 0.5 "${names[@]}") ;;
    it)
        # Spanish and Portuguese WikiNEuRal beside the Italian: the
        # neighbouring Wikipedias share names. The words around a
        # capitalised word (session 27).
        es=$data/wikineural/es_train.docs.jsonl pt=$data/wikineural/pt_train.docs.jsonl
        mapfile -t names < <(scripts/other-names.sh "$wiki" "$es" "$pt" "$russian")
        args=(--train "$wiki" --train "$es" --train "$pt" --prune 0.5 "${names[@]}" --sentence-words) ;;
    fr | pt | pl)
        # The words around a capitalised word (session 27).
        mapfile -t names < <(scripts/other-names.sh "$wiki" "$russian")
        args=(--train "$wiki" --prune 0.5 "${names[@]}" --sentence-words) ;;
    ru)
        # Word clusters from Navec's Russian news vectors (MIT; see
        # crates/nlp/assets/models/NOTICE-navec.md), and words' parts looked
        # up in the gazetteer (`Суворова` from `Суворов`); less feature
        # dropout (0.2); the other corpora's names, and the training names,
        # known by their sound skeleton across scripts (`Поппера`: `Popper`;
        # session 26); the words around a capitalised word, and with them
        # the word's own first five and six letters (session 27). One in
        # four sentences naming something after their first word is also
        # trained on cut to open with that name, as news sentences do
        # (session 28): the one setting here that did not win every fold.
        # It cost 0.0038 of held-out F1 and gained 0.065 on held-out
        # sentences cut so (docs/entities.md). Each token's and its
        # neighbours' scripts (session 29): a word in Latin script is part
        # of a name or title nearly always in Russian text; it won 0.0038
        # of held-out F1 with seed 7, but lost the first fold by 0.0002,
        # and 0.0056 with seed 8, winning every fold.
        scripts/fetch-embeddings.sh >&2
        mapfile -t names < <(scripts/other-names.sh "$wiki")
        args=(--train "$wiki" --prune 0.5 --parts --feature-dropout 0.2
            --embeddings target/embeddings/navec-news-v1 "${names[@]}" --cross-script --sentence-words --stems
            --names-first 4 --scripts) ;;
    *)
        echo "no training recipe for $lang" >&2
        exit 2 ;;
esac
printf '%s\n' "${args[@]}"
