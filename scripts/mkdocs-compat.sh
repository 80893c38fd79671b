#!/usr/bin/env bash
# make mkdocs-compat: builds the real MkDocs projects of ../shared/corpora with MkDocs (from PyPI,
# in a virtual environment under .build-mkdocs/) and with Folio, and prints the comparison
# (scripts/mkdocs-compat.py). Not part of `make test`: it needs PyPI at run time.
set -euo pipefail
cd "$(dirname "$0")/.."
folio=${1:-.build/release/folio}
shift || true
venv=.build-mkdocs/venv
if [ ! -x "$venv/bin/mkdocs" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check \
    mkdocs==1.6.1 mkdocs-material==9.8.2 pymdown-extensions==13.1.2 mkdocs-literate-nav==0.6.3 \
    mkdocs-redirects==1.2.3 mkdocs-autorefs==1.4.5 PyYAML==6.0.4
fi
corpora=${CORPORA:-../shared/corpora}
NO_MKDOCS_2_WARNING=1 "$venv/bin/python" scripts/mkdocs-compat.py "$folio" "$corpora/mkdocs" "$corpora/mkdocs-material" "$@"
