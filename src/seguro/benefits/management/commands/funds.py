"""`seguro funds`: feed the individual accounts (cesantía, fondos de reserva). Set-based and
idempotent: a month is credited once per account and a year's interest posted once.

    seguro funds credit 2024-01 [2024-12] [--simular]
    seguro funds interest 2024 [--simular]
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from seguro.benefits.services import fund_credits_post, fund_interest_post
from seguro.core.errors import DomainError


def _month(text: str) -> date:
    if not re.fullmatch(r"\d{4}-\d{2}", text or ""):
        raise CommandError(f"{text!r} no es un período AAAA-MM.")
    try:
        return date(int(text[:4]), int(text[5:]), 1)
    except ValueError:
        raise CommandError(f"{text!r} no es un período AAAA-MM.") from None


class Command(BaseCommand):
    help = (
        "Cuentas individuales: 'credit AAAA-MM [AAAA-MM]' acredita la cesantía y los fondos de "
        "reserva de los meses pagados; 'interest AAAA' registra el rendimiento del año. "
        "Con --simular muestra las cifras sin guardar."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["credit", "interest"])
        parser.add_argument("desde", help="período AAAA-MM (credit) o año AAAA (interest)")
        parser.add_argument("hasta", nargs="?", help="último período AAAA-MM (credit)")
        parser.add_argument("--simular", action="store_true", help="no guardar los cambios")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            with transaction.atomic():
                if options["action"] == "credit":
                    first = _month(options["desde"])
                    last = _month(options["hasta"]) if options["hasta"] else first
                    run = fund_credits_post(actor=None, period_from=first, period_to=last)
                    counts = run.counts
                    text = (
                        f"Acreditación {run.label}: {counts['records']} aportes pagados leídos; "
                        f"{counts['severance']} meses acreditados a cesantía y "
                        f"{counts['reserve_fund']} a fondos de reserva."
                    )
                else:
                    if not re.fullmatch(r"\d{4}", options["desde"]):
                        raise CommandError(f"{options['desde']!r} no es un año AAAA.")
                    run = fund_interest_post(actor=None, year=int(options["desde"]))
                    text = (
                        f"Intereses {run.label}: {run.counts['severance']} cuentas de cesantía y "
                        f"{run.counts['reserve_fund']} de fondos de reserva."
                    )
                if options["simular"]:
                    transaction.set_rollback(True)
                    text += " (simulación: no se guardó nada)"
        except DomainError as exc:
            raise CommandError(exc.as_text()) from None
        self.stdout.write(text)
