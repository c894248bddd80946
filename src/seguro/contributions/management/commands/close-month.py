"""`seguro close-month YYYY-MM`."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from seguro.contributions.close import CHUNK_LINES, CLOSE_WORKERS, month_close
from seguro.core.errors import DomainError


def parse_period(text: str) -> date:
    try:
        year, month = (int(part) for part in text.split("-"))
        return date(year, month, 1)
    except ValueError:
        raise CommandError(f"'{text}' no es un período AAAA-MM (por ejemplo 2023-04).") from None


class Command(BaseCommand):
    help = "Cierra un mes: liquida planillas y obligaciones personales y asienta el libro mayor."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("period", help="período AAAA-MM")
        parser.add_argument("--chunk-lines", type=int, default=CHUNK_LINES, help="líneas por lote")
        parser.add_argument(
            "--workers",
            type=int,
            default=CLOSE_WORKERS,
            help="lotes que se cierran a la vez en PostgreSQL (SQLite cierra de uno en uno)",
        )
        parser.add_argument("--quiet", action="store_true", help="sin barra de progreso")

    def handle(self, *args: Any, **options: Any) -> None:
        period = parse_period(options["period"])
        bar: tqdm[Any] | None = None

        def progress(done: int, total: int) -> None:
            nonlocal bar
            if options["quiet"]:
                return
            if bar is None:
                bar = tqdm(total=total, desc=f"Cierre {period:%Y-%m}", unit="lote")
            bar.n = done
            bar.refresh()

        try:
            result = month_close(
                actor=None,
                period=period,
                chunk_lines=options["chunk_lines"],
                progress=progress,
                workers=options["workers"],
            )
        except DomainError as exc:
            raise CommandError(exc.as_text()) from None
        finally:
            if bar is not None:
                bar.close()
        counts = result.counts
        if result.already_closed:
            self.stdout.write(f"El mes {period:%Y-%m} ya estaba cerrado: no se cambió nada.")
        usd = counts.get("assessed_cents", 0) / 100
        self.stdout.write(
            f"Cierre {period:%Y-%m}: {counts.get('lines', 0):,} líneas, "
            f"{counts.get('obligations', 0):,} obligaciones, {counts.get('entries', 0):,} "
            f"asientos, USD {usd:,.2f} liquidados."
        )
