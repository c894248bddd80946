"""``seguro rules eval --input CASES.json [--output F] [--reform F]``: a thin edge over
:func:`seguro.rules.cli.main` (all parsing, messages and exit statuses live there)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from seguro.rules.cli import main


class Command(BaseCommand):
    help = (
        "Motor de reglas: 'seguro rules eval --input CASOS.json [--output RESULTADOS.json] "
        "[--reform REFORMA.yaml]'."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("args", nargs=argparse.REMAINDER)

    def run_from_argv(self, argv: list[str]) -> None:
        # argv = [prog, "rules", ...]: hand the rest to the rules CLI untouched.
        sys.exit(main(argv[2:], sys.stdin, sys.stdout, sys.stderr))

    def handle(self, *args: Any, **options: Any) -> None:
        status = main(list(args), sys.stdin, sys.stdout, sys.stderr)
        if status:
            sys.exit(status)
