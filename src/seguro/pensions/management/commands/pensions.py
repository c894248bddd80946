"""`seguro pensions revalue YYYY` and `seguro pensions events YYYY-MM-DD`."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from seguro.core.errors import DomainError
from seguro.pensions.services import pension_events_apply, pensions_revalue


class Command(BaseCommand):
    help = "Pensiones en curso: revalorización anual y novedades (fallecimientos, mayoría de edad)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        revalue = sub.add_parser("revalue", help="revaloriza las pensiones el 1 de enero del año")
        revalue.add_argument("year", type=int, help="año (AAAA)")
        events = sub.add_parser("events", help="aplica las novedades registradas hasta la fecha")
        events.add_argument("on", help="fecha AAAA-MM-DD")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["action"] == "revalue":
                record = pensions_revalue(actor=None, year=options["year"])
                self.stdout.write(
                    f"Revalorización {record.year}: tasa {record.rate}, "
                    f"{record.pensions:,} pensiones revalorizadas."
                )
                return
            try:
                on = date.fromisoformat(options["on"])
            except ValueError:
                raise CommandError(f"'{options['on']}' no es una fecha AAAA-MM-DD.") from None
            counts = pension_events_apply(actor=None, on=on)
            self.stdout.write(
                f"Novedades hasta {on:%d/%m/%Y}: {counts['deaths']} por fallecimiento, "
                f"{counts['age_limit']} por mayoría de edad."
            )
        except DomainError as exc:
            raise CommandError(exc.as_text()) from None
