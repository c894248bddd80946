"""A database migrated from scratch has the ledger's append-only triggers (SQLite rebuilds a
table when a migration alters it, and the rebuilt table loses its triggers)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path


def test_a_freshly_migrated_sqlite_database_guards_the_ledger(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["SEGURO_DATA_DIR"] = str(tmp_path)
    subprocess.run(
        [sys.executable, "-m", "seguro", "migrate", "--verbosity", "0"],
        env=env,
        check=True,
        timeout=300,
    )
    with sqlite3.connect(tmp_path / "seguro.sqlite3") as db:
        triggers = {
            row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='trigger'")
        }
    assert {
        "ledger_ledgerentry_no_update",
        "ledger_ledgerentry_no_delete",
        "ledger_ledgerbatch_no_update",
        "ledger_ledgerbatch_no_delete",
    } <= triggers
