#!/usr/bin/env bash
# Rebuilds crates/nlp/assets/segment/lowercase-en.txt from Debian's
# wamerican word list (SCOWL) and the State of the Union addresses in
# ../shared/data/text. See scripts/build-lowercase-words.py.
set -euo pipefail
cd "$(dirname "$0")/.."
work=target/wamerican
rm -rf "$work" && mkdir -p "$work"
(cd "$work" && apt-get download wamerican=2020.12.07-2 && dpkg-deb -x wamerican_*.deb x)
cp "$work/x/usr/share/doc/wamerican/copyright" crates/nlp/assets/segment/LICENSE-scowl
python3 scripts/build-lowercase-words.py "$work/x/usr/share/dict/american-english"
