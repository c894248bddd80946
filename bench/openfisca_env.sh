#!/usr/bin/env bash
# Create bench/.venv-openfisca: a separate virtualenv with openfisca-core from PyPI, used only by
# bench/rules_bench.py as the outside reference. The project itself never imports openfisca.
# Usage: bench/openfisca_env.sh   (idempotent; PYTHON=python3.11 by default)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
venv="$here/.venv-openfisca"
python="${PYTHON:-python3.11}"
if [ ! -x "$venv/bin/python" ]; then
  "$python" -m venv "$venv"
fi
"$venv/bin/python" -m pip install --quiet --upgrade pip
"$venv/bin/python" -m pip install --quiet "openfisca-core>=41,<45" pyyaml
"$venv/bin/python" -c "import openfisca_core, importlib.metadata as m; print('openfisca-core', m.version('openfisca-core'))"
