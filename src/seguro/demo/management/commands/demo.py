"""`seguro demo`: the embedded database, the synthetic Loja province, the users, the server."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from seguro.core.models import AuditEvent
from seguro.demo.users import DEMO_PASSWORD, demo_users_create
from seguro.health.demo_data import health_load_loja_2022
from seguro.institution.demo_data import institution_load_loja_2022
from seguro.institution.models import OrganisationalUnit
from seguro.registry.models import Person
from seguro.synth.services import synth_registry
from seguro.synth.year import synth_year
from seguro.synth.year.steps import STEP_ACTION
from seguro.work_risks.demo_data import work_risks_load_loja_2022

LOJA = "11"
REFERENCE_DATE = date(2022, 12, 31)


class Command(BaseCommand):
    help = "Prepara la demostración (provincia de Loja, 2022) y levanta el servidor."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", type=float, default=1.0, help="escala de la población")
        parser.add_argument("--seed", type=int, default=2022, help="semilla de los datos")
        parser.add_argument("--no-serve", action="store_true", help="no levantar el servidor")
        parser.add_argument(
            "--no-year",
            action="store_true",
            help="sin las operaciones del año (planillas, cierres, pagos, atenciones)",
        )
        parser.add_argument(
            "--with-benefits",
            action="store_true",
            help="generar también las prestaciones, pensiones y nóminas del año (unos 16 minutos "
            "más a escala 1)",
        )
        parser.add_argument("--addrport", default="127.0.0.1:8000", help="dirección del servidor")

    def handle(self, *args: Any, **options: Any) -> None:
        say = self.stdout.write
        say("1/3 Preparando la base de datos (migraciones)...")
        call_command("migrate", interactive=False, verbosity=0)
        if Person.objects.exists():
            say("2/3 La base ya tiene datos del registro: se conservan.")
        else:
            say("2/3 Generando la provincia sintética de Loja (2022)...")
            report = synth_registry(
                scope="loja-2022", scale=options["scale"], seed=options["seed"], progress=True
            )
            for table, count in report["rows"].items():
                say(f"    {table}: {count:,}")
            say(f"    ({report['total_seconds']} s)")
        if not OrganisationalUnit.objects.exists():
            say("    Datos institucionales de Loja 2022 (presupuesto, compras, recomendaciones)...")
            institution_load_loja_2022(seed=options["seed"])
        say("    Red de salud de Loja (unidades, dispensarios, prestadores y convenios)...")
        health_load_loja_2022()
        say("    Capacitaciones de prevención de riesgos del trabajo de 2022...")
        work_risks_load_loja_2022(seed=options["seed"])
        if options["no_year"]:
            say("    Operaciones del año omitidas (--no-year).")
        elif AuditEvent.objects.filter(action=STEP_ACTION).exists():
            say("    Las operaciones del año 2022 ya estaban generadas: se conservan.")
        else:
            say(
                "    Operaciones del año 2022 (planillas, cierres, pagos, convenios, atenciones)..."
            )
            year = synth_year(
                scope="loja-2022",
                seed=options["seed"],
                scale=options["scale"],
                progress=True,
                benefits=options["with_benefits"],
            )
            say(f"    ({year['total_seconds']} s)")
        say("3/3 Usuarios de demostración (contraseña para todos: " + DEMO_PASSWORD + "):")
        for user in demo_users_create(province_code=LOJA, on=REFERENCE_DATE):
            say(f"    {user.username:<14} {user.role:<32} {user.scope}")
        if options["no_serve"]:
            return
        host = options["addrport"]
        say(f"Servidor en http://{host}/  (administración: http://{host}/admin/).")
        say(
            f"Rendición de cuentas pública: http://{host}/rendicion-de-cuentas/?anio=2022&provincia=11"
            " (HTML y PDF). Ctrl+C termina."
        )
        call_command("runserver", host, use_reloader=False)
