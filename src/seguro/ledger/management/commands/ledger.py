"""`seguro ledger verify`: recompute the hash chain and report any changed or removed entry."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from seguro.ledger.services import ledger_verify


class Command(BaseCommand):
    help = "Libro mayor: 'seguro ledger verify' comprueba la cadena de huellas de los asientos."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["verify"], help="verify: comprobar la cadena")
        parser.add_argument("--quiet", action="store_true", help="sin barra de progreso")

    def handle(self, *args: Any, **options: Any) -> None:
        checked, problems = ledger_verify(progress=not options["quiet"])
        if not problems:
            self.stdout.write(
                f"Libro mayor íntegro: {checked} lotes verificados, sin alteraciones."
            )
            return
        for problem in problems:
            self.stderr.write(f"Lote {problem.batch_key}: {problem.message}")
        raise CommandError(
            f"{len(problems)} alteraciones en {checked} lotes. Revise los lotes indicados con "
            "auditoría antes de cerrar nuevos períodos."
        )
