"""`seguro payroll YYYY-MM`: the pensioners' payroll of a month."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from seguro.core.errors import DomainError
from seguro.pensions.payroll import CHUNK_ROWS, month_end, payroll_run
from seguro.pensions.services import pension_events_apply


def parse_period(text: str) -> date:
    try:
        year, month = (int(part) for part in text.split("-"))
        return date(year, month, 1)
    except ValueError:
        raise CommandError(f"'{text}' no es un período AAAA-MM (por ejemplo 2024-03).") from None


class Command(BaseCommand):
    help = (
        "Paga la nómina de pensionistas de un mes (pensiones, décimos, descuentos) y la asienta "
        "en el libro mayor. Se puede repetir y reanudar sin pagar dos veces."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("period", help="período AAAA-MM")
        parser.add_argument("--chunk-rows", type=int, default=CHUNK_ROWS, help="pagos por lote")
        parser.add_argument(
            "--sin-novedades",
            action="store_true",
            dest="skip_events",
            help="no aplicar antes fallecimientos ni mayorías de edad registrados",
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
                bar = tqdm(total=total, desc=f"Nómina {period:%Y-%m}", unit="lote")
            bar.n = done
            bar.refresh()

        try:
            if not options["skip_events"]:
                events = pension_events_apply(actor=None, on=month_end(period))
                self.stdout.write(
                    f"Novedades aplicadas: {events['deaths']} por fallecimiento, "
                    f"{events['age_limit']} por mayoría de edad."
                )
            result = payroll_run(
                actor=None, period=period, chunk_rows=options["chunk_rows"], progress=progress
            )
        except DomainError as exc:
            raise CommandError(exc.as_text()) from None
        finally:
            if bar is not None:
                bar.close()
        counts = result.counts
        if result.already_paid:
            self.stdout.write(f"La nómina {period:%Y-%m} ya estaba pagada: no se cambió nada.")
        self.stdout.write(
            f"Nómina {period:%Y-%m}: {counts.get('payments', 0):,} pagos, "
            f"USD {counts.get('gross_cents', 0) / 100:,.2f} brutos, "
            f"USD {counts.get('net_cents', 0) / 100:,.2f} líquidos, "
            f"{counts.get('entries', 0):,} asientos."
        )
