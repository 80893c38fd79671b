#!/usr/bin/env bash
# The Python tools `make test` uses as oracles, from PyPI, in a virtual environment under
# .build-pytools/ (made once, reused): Pygments (the highlighter Folio's lexers are compared
# with, Tests/highlight/compare.py) and axe-core (the accessibility engine the browser tests run,
# shipped in the axe-core-python wheel). Prints nothing when they are there already.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=.build-pytools/venv
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import pygments, axe_core_python' 2>/dev/null; then
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check pygments==2.20.0 axe-core-python==0.1.0
fi
mkdir -p .build-axe
"$venv/bin/python" - <<'PY'
import os, shutil, axe_core_python
source = os.path.join(os.path.dirname(axe_core_python.__file__), "axe.min.js")
if not os.path.exists(".build-axe/axe.min.js") or open(source, "rb").read() != open(".build-axe/axe.min.js", "rb").read():
    shutil.copy(source, ".build-axe/axe.min.js")
PY
