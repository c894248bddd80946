"""`seguro collections`: the collections jobs. Each shows what it would do and changes nothing
unless given --aplicar.

    seguro collections multas --fecha 2024-06-30 [--aplicar]
    seguro collections convenios --fecha 2024-06-30 [--aplicar]
    seguro collections banco ARCHIVO.csv [--aplicar]
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from seguro.collections._common import usd
from seguro.collections.agreements import agreements_review
from seguro.collections.arrears import late_entry_fines_assess
from seguro.collections.bankfile import BankFileError
from seguro.collections.payments import bank_file_import
from seguro.core.errors import DomainError


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"{text!r} no es una fecha AAAA-MM-DD.") from None


class Command(BaseCommand):
    help = (
        "Cobranzas: 'multas' impone las multas por avisos de entrada tardíos; 'convenios' deja "
        "caer los convenios con cuotas impagas (LSS Art. 91) y los envía a coactiva; 'banco' "
        "importa un archivo de pagos. Sin --aplicar solo muestra lo que haría."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["multas", "convenios", "banco"])
        parser.add_argument("archivo", nargs="?", help="archivo del banco (acción 'banco')")
        parser.add_argument("--fecha", default=None, help="fecha de corte AAAA-MM-DD (hoy)")
        parser.add_argument("--aplicar", action="store_true", help="guardar los cambios")

    def handle(self, *args: Any, **options: Any) -> None:
        on = _date(options["fecha"]) if options["fecha"] else date.today()
        apply = options["aplicar"]
        try:
            with transaction.atomic():
                lines = self._run(options["action"], on, options.get("archivo"))
                if not apply:
                    transaction.set_rollback(True)
        except BankFileError as exc:
            for error in exc.errors:
                self.stderr.write(error.as_text())
            raise CommandError(exc.as_text()) from None
        except DomainError as exc:
            raise CommandError(exc.as_text()) from None
        for line in lines:
            self.stdout.write(line)
        if not apply:
            self.stdout.write("Simulación: no se guardó nada. Repita con --aplicar para guardar.")

    def _run(self, action: str, on: date, path: str | None) -> list[str]:
        if action == "multas":
            fines = late_entry_fines_assess(actor=None, on=on)
            total = sum(f.amount_cents for f in fines)
            return [f"Multas por aviso de entrada tardío: {len(fines)}, {usd(total)} USD."]
        if action == "convenios":
            fallen = agreements_review(actor=None, on=on)
            return [f"Convenio {a.number} caído el {a.fallen_on:%d/%m/%Y}." for a in fallen] + [
                f"Convenios caídos: {len(fallen)}."
            ]
        if not path:
            raise CommandError("indique el archivo del banco.")
        file = Path(path)
        if not file.is_file():
            raise CommandError(f"no existe el archivo {path}.")
        batch = bank_file_import(actor=None, file_name=file.name, content=file.read_bytes())
        return [f"Pagos del archivo {file.name}: {batch.row_count}, {usd(batch.total_cents)} USD."]
