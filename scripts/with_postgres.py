"""Run a command against a throwaway PostgreSQL server that this script starts and removes.

    python scripts/with_postgres.py -- pytest -q

Uses Debian's PostgreSQL binaries (/usr/lib/postgresql/*/bin). initdb refuses to run as root,
so as root the server runs as the `postgres` user. DATABASE_URL is set for the command.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path


def _bin_dir() -> Path:
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not candidates:
        sys.exit("No se encontró PostgreSQL (initdb). Instálelo con: apt-get install -y postgresql")
    return Path(candidates[-1]).parent


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def main(argv: list[str]) -> int:
    if "--" in argv:
        argv = argv[argv.index("--") + 1 :]
    if not argv:
        sys.exit("uso: python scripts/with_postgres.py -- COMANDO [ARGUMENTOS]")
    bin_dir = _bin_dir()
    as_root = os.geteuid() == 0
    run_as = ["runuser", "-u", "postgres", "--"] if as_root else []
    data_dir = Path(tempfile.mkdtemp(prefix="seguro-pg-"))
    if as_root:
        pw = pwd.getpwnam("postgres")
        os.chown(data_dir, pw.pw_uid, pw.pw_gid)
    port = _free_port()
    log = data_dir / "server.log"
    quiet = {"stdout": subprocess.DEVNULL}
    try:
        subprocess.run(
            [
                *run_as,
                str(bin_dir / "initdb"),
                "-D",
                str(data_dir / "db"),
                "-A",
                "trust",
                "-U",
                "postgres",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
            ],
            check=True,
            **quiet,
        )
        options = (
            f"-p {port} -k {data_dir} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c shared_buffers=512MB "
            "-c max_wal_size=4GB -c maintenance_work_mem=512MB -c work_mem=64MB"
        )
        subprocess.run(
            [
                *run_as,
                str(bin_dir / "pg_ctl"),
                "-D",
                str(data_dir / "db"),
                "-o",
                options,
                "-l",
                str(log),
                "-w",
                "start",
            ],
            check=True,
            **quiet,
        )
        subprocess.run(
            [
                *run_as,
                str(bin_dir / "createdb"),
                "-h",
                "127.0.0.1",
                "-p",
                str(port),
                "-U",
                "postgres",
                "seguro",
            ],
            check=True,
        )
        env = dict(os.environ, DATABASE_URL=f"postgres://postgres@127.0.0.1:{port}/seguro")
        print(f"PostgreSQL de prueba en 127.0.0.1:{port} ({data_dir})", flush=True)
        return subprocess.call(argv, env=env)
    finally:
        subprocess.run(
            [
                *run_as,
                str(bin_dir / "pg_ctl"),
                "-D",
                str(data_dir / "db"),
                "-m",
                "fast",
                "-w",
                "stop",
            ],
            check=False,
            **quiet,
            stderr=subprocess.DEVNULL,
        )
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
