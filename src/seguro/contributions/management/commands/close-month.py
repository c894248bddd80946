"""`seguro close-month YYYY-MM`."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from seguro.contributions.close import CHUNK_LINES, CLOSE_WORKERS, month_close
from seguro.contributions.reconcile import close_reconcile
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
        parser.add_argument(
            "--conciliar",
            action="store_true",
            help="solo concilia el mes ya cerrado: obligaciones contra el libro mayor",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        period = parse_period(options["period"])
        if options["conciliar"]:
            self._reconcile(period)
            return
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

    def _reconcile(self, period: date) -> None:
        try:
            result = close_reconcile(period)
        except DomainError as exc:
            raise CommandError(exc.as_text()) from None
        self.stdout.write(
            f"Conciliación de {period:%Y-%m}: {result.obligations:,} obligaciones contra el "
            f"libro mayor, {result.pairs_checked} pares provincia-fondo."
        )
        for d in result.differences:
            self.stdout.write(
                f"  provincia {d.province_code}, fondo {d.fund}: obligaciones "
                f"USD {d.subledger_cents / 100:,.2f}, libro mayor USD {d.ledger_cents / 100:,.2f}"
            )
        if result.differences:
            raise CommandError(
                f"{len(result.differences)} diferencias: una obligación cambió fuera del cierre. "
                "Revise la bitácora de auditoría de esas obligaciones."
            )
        self.stdout.write("Sin diferencias: las obligaciones suman lo asentado en el libro mayor.")
