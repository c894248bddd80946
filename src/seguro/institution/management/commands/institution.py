"""`seguro institution ...`: jobs of the institution app.

seguro institution ocds --year 2022 [--province 11] --out compras-2022.json
seguro institution demo-loja-2022 [--seed 2022]
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from seguro.institution import ocds
from seguro.registry.models import Province


class Command(BaseCommand):
    help = "Tareas de la institución: exportación OCDS de compras públicas y datos de demostración."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True, title="subcomandos")
        export = sub.add_parser(
            "ocds", help="Exporta los procesos de contratación de un año como paquete OCDS 1.1."
        )
        export.add_argument("--year", type=int, required=True, help="año del PAC, p. ej. 2022")
        export.add_argument("--province", default=None, help="código INEC de provincia (11)")
        export.add_argument("--out", required=True, help="archivo JSON de salida")
        export.add_argument(
            "--ocid-prefix",
            default=ocds.DEFAULT_OCID_PREFIX,
            help="prefijo OCID asignado por la Open Contracting Partnership",
        )
        demo = sub.add_parser(
            "demo-loja-2022", help="Carga los datos institucionales de Loja 2022 (demostración)."
        )
        demo.add_argument("--seed", type=int, default=2022)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["subcommand"] == "ocds":
            self._ocds(options)
        else:
            from seguro.institution.demo_data import institution_load_loja_2022

            result = institution_load_loja_2022(seed=options["seed"])
            if result["skipped"]:
                self.stdout.write(f"Sin cambios: {result['reason']}.")
            else:
                made = ", ".join(f"{k}={v}" for k, v in result.items() if k != "skipped")
                self.stdout.write(self.style.SUCCESS(f"Datos de Loja 2022 cargados: {made}"))

    def _ocds(self, options: dict[str, Any]) -> None:
        province = options["province"]
        if province and not Province.objects.filter(code=province).exists():
            raise CommandError(f"La provincia {province!r} no existe (use el código INEC).")
        package = ocds.ocds_release_package(
            year=options["year"], province_code=province, ocid_prefix=options["ocid_prefix"]
        )
        if not package["releases"]:
            raise CommandError(f"No hay procesos de contratación en {options['year']}.")
        out = Path(options["out"])
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(ocds.ocds_json(package) + "\n", encoding="utf-8")
        awards = sum(len(r.get("awards", [])) for r in package["releases"])
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(package['releases'])} procesos ({awards} adjudicados) escritos en {out}"
            )
        )
