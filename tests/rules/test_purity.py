"""seguro.rules imports only numpy, polars, yaml and the standard library (no Django, no other
seguro package)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import seguro.rules

ALLOWED_THIRD_PARTY = {"numpy", "polars", "yaml"}


def test_the_rules_package_imports_no_django_and_no_other_seguro_package() -> None:
    package = Path(seguro.rules.__file__).parent
    stdlib = set(sys.stdlib_module_names)
    for path in package.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            for name in names:
                top = name.split(".")[0]
                if top == "seguro":
                    assert name.startswith("seguro.rules"), (path.name, name)
                else:
                    assert top in stdlib or top in ALLOWED_THIRD_PARTY, (path.name, name)


def test_importing_the_rules_does_not_load_django() -> None:
    code = "import sys, seguro.rules, seguro.rules.columns; print('django' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
