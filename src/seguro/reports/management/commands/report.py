"""`seguro report --year YYYY [--province NAME] --format {html,pdf,json} --out PATH`."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from seguro.core.errors import DomainError
from seguro.reports.build import SECTIONS, report_build, scope_for
from seguro.reports.render import report_html, report_json, report_pdf


class Command(BaseCommand):
    help = "Genera el informe de rendición de cuentas del año, nacional o de una provincia."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, required=True, help="año del informe")
        parser.add_argument(
            "--province", help="provincia (nombre o código INEC); omitir = nacional"
        )
        parser.add_argument("--format", choices=["html", "pdf", "json"], default="html")
        parser.add_argument("--out", required=True, help="archivo de salida")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            scope = scope_for(options["year"], options["province"])
        except DomainError as exc:
            raise CommandError(exc.as_text()) from None
        out = Path(options["out"])
        if not out.parent.exists():
            raise CommandError(f"la carpeta {out.parent} no existe; créela o elija otra salida.")
        started = time.perf_counter()
        done = 0

        def progress(title: str) -> None:
            nonlocal done
            done += 1
            self.stderr.write(f"  [{done}/{len(SECTIONS)}] {title}")

        report = report_build(scope, progress=progress)
        fmt = options["format"]
        if fmt == "pdf":
            out.write_bytes(report_pdf(report))
        elif fmt == "json":
            out.write_text(report_json(report) + "\n", encoding="utf-8")
        else:
            out.write_text(report_html(report), encoding="utf-8")
        self.stdout.write(
            f"{scope.title}: {len(report.figures())} cifras en {len(report.sections)} secciones, "
            f"{fmt.upper()} en {out} ({time.perf_counter() - started:.1f} s)."
        )
