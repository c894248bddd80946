"""How the benchmarks reach PostgreSQL: the server DATABASE_URL names or, without it, a
throwaway one that scripts/with_postgres.py starts for a rerun of the same command."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def django_setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "seguro.settings")
    import django

    django.setup()


def on_postgres() -> int | None:
    """With DATABASE_URL, set Django up and return None (go on); without it, rerun this
    command under a throwaway server and return its exit code (the caller returns it)."""
    if not os.environ.get("DATABASE_URL"):
        script = [sys.executable, str(ROOT / "scripts" / "with_postgres.py"), "--"]
        return subprocess.call([*script, sys.executable, *sys.argv], cwd=ROOT)
    django_setup()
    return None
