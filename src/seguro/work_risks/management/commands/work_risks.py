"""`seguro work_risks ...`: jobs of the work-risks app.

seguro work_risks demo-loja-2022 [--seed 2022]
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Tareas de riesgos del trabajo: datos de demostración de prevención."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True, title="subcomandos")
        demo = sub.add_parser(
            "demo-loja-2022",
            help="Carga las capacitaciones de Loja 2022: 52 empleadores y 641 participantes.",
        )
        demo.add_argument("--seed", type=int, default=2022)

    def handle(self, *args: Any, **options: Any) -> None:
        from seguro.work_risks.demo_data import work_risks_load_loja_2022

        result = work_risks_load_loja_2022(seed=options["seed"])
        if not result["created"]:
            self.stdout.write(
                f"Sin cambios: Loja ya tiene {result['trainings']} capacitaciones en 2022."
            )
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Capacitaciones de Loja 2022 cargadas: {result['created']} "
                    "(52 empleadores, 641 participantes)."
                )
            )
