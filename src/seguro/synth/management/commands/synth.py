"""seguro synth --scope {loja-2022,national-2023} [--scale F] [--seed N] [--replace] [--check]"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from seguro.core.errors import DomainError
from seguro.synth.calibration import SCOPES


def _flatten(prefix: str, value: Any) -> dict[str, Any]:
    if isinstance(value, dict):
        flat: dict[str, Any] = {}
        for key, item in value.items():
            flat.update(_flatten(f"{prefix}.{key}" if prefix else key, item))
        return flat
    return {prefix: value}


def _require_loaded(scope: str, scale: float) -> None:
    """The year's operations run over the registry synthesised for the same scope and scale."""
    from seguro.core.models import AuditEvent

    load = AuditEvent.objects.filter(action="synth.load").order_by("-id").first()
    if load is None:
        return  # a registry not made by synth (the demo's own data): nothing to compare
    loaded_scope, loaded_scale = load.data.get("scope"), load.data.get("scale")
    if loaded_scope != scope or float(loaded_scale) != float(scale):
        raise CommandError(
            f"el registro cargado es del ámbito {loaded_scope} a escala {loaded_scale}; genere "
            f"las operaciones con --scope {loaded_scope} --scale {loaded_scale}, o cargue otro "
            "registro con --replace."
        )


class Command(BaseCommand):
    help = (
        "Genera el registro sintético (personas, empleadores, afiliaciones, salarios, "
        "dependientes, pensionistas y Seguro Social Campesino) calibrado con las cifras "
        "publicadas, y lo carga en una sola transacción."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scope", required=True, choices=sorted(SCOPES), help="ámbito")
        parser.add_argument(
            "--scale",
            type=float,
            default=1.0,
            help="fracción de las cifras publicadas (1 = tamaño real; 0.01 = uno de cada cien)",
        )
        parser.add_argument(
            "--seed", type=int, default=2022, help="semilla (misma semilla, mismas filas)"
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help="borrar el registro sintético existente antes de generar",
        )
        parser.add_argument(
            "--check",
            action="store_true",
            help="contar la cobertura con los selectores del registro y compararla con el plan",
        )
        parser.add_argument(
            "--con-pensiones",
            action="store_true",
            dest="with_pensions",
            help="dar a cada pensionista una pensión en curso con su monto (pensions)",
        )
        parser.add_argument(
            "--year-ops",
            action="store_true",
            dest="year_ops",
            help="generar además las operaciones del año (planillas, cierres, pagos, convenios, "
            "atenciones y derivaciones) calibradas con las cifras publicadas; reutiliza el "
            "registro si ya existe",
        )
        parser.add_argument("--no-progress", action="store_true", help="sin barras de progreso")

    def handle(self, *args: Any, **options: Any) -> None:
        from seguro.synth.services import synth_registry

        if options["year_ops"]:
            from seguro.registry.models import Person

            if Person.objects.exists() and not options["replace"]:
                self._year_ops(options)
                return
        try:
            report = synth_registry(
                scope=options["scope"],
                scale=options["scale"],
                seed=options["seed"],
                replace=options["replace"],
                progress=not options["no_progress"],
                stream=self.stdout,
            )
        except DomainError as exc:
            raise CommandError(exc.as_text()) from None
        self.stdout.write("")
        self.stdout.write(f"Filas cargadas ({report['scope']}, escala {report['scale']}):")
        for table, rows in report["rows"].items():
            self.stdout.write(
                f"  {table.removeprefix('registry_'):<20} {rows:>12,}".replace(",", " ")
            )
        self.stdout.write(
            f"Tiempo total: {report['total_seconds']:.1f} s · memoria máxima: "
            f"{report['peak_memory_mb']:.0f} MB"
        )
        if options["check"]:
            self._check(report["targets"], report["reference_date"], options["scope"])
        if options["with_pensions"]:
            from seguro.synth.pension_amounts import synthetic_pensions_load

            on = date.fromisoformat(str(report["reference_date"]))
            loaded = synthetic_pensions_load(actor=None, seed=options["seed"], on=on)
            self.stdout.write(f"Pensiones en curso cargadas: {loaded:,}".replace(",", " "))
        self.stdout.write(self.style.SUCCESS("Registro sintético cargado."))
        if options["year_ops"]:
            self._year_ops(options)

    def _year_ops(self, options: dict[str, Any]) -> None:
        from seguro.health.demo_data import health_load_loja_2022
        from seguro.synth.year import synth_year

        _require_loaded(options["scope"], options["scale"])
        if options["scope"] == "national-2023":
            self._national_ops(options)
            return
        health_load_loja_2022()  # the units the attentions need (does nothing if loaded)
        try:
            result = synth_year(
                scope=options["scope"],
                seed=options["seed"],
                scale=options["scale"],
                progress=not options["no_progress"],
                stream=self.stdout,
            )
        except DomainError as exc:
            raise CommandError(exc.as_text()) from None
        self.stdout.write("Operaciones del año:")
        for name, outcome in result["steps"].items():
            shown = ", ".join(f"{k}={v}" for k, v in outcome.items() if k != "seconds")
            self.stdout.write(f"  {name:<18} {outcome.get('seconds', 0):>8} s  {shown}")
        self.stdout.write(f"Tiempo total: {result['total_seconds']:.1f} s")
        self.stdout.write(self.style.SUCCESS("Año sintético generado."))

    def _national_ops(self, options: dict[str, Any]) -> None:
        """The national year's operations generated so far: the health network, the year's
        own events (ambulances, transplants, trainings), the attentions of 2022 and 2023 and
        the third-party fund withdrawals (severance, reserve funds, unemployment).
        The monthly declarations, closes and payrolls are run by their own commands (see
        bench/year_bench.py)."""
        from seguro.synth.national import national_attentions_generate, national_network_load
        from seguro.synth.national.events import national_events_load
        from seguro.synth.national.funds import national_third_party_funds_generate

        seed, scale = options["seed"], options["scale"]
        progress = not options["no_progress"]
        try:
            network = national_network_load(seed=seed)
            self.stdout.write(f"Red nacional de salud: {network}")
            events = national_events_load(
                scale=scale, seed=seed, progress=self.stdout.write if progress else None
            )
            self.stdout.write(f"Eventos del año: {events}")
            attentions = national_attentions_generate(
                year=2023, scale=scale, seed=seed, progress=progress
            )
            self.stdout.write(f"Atenciones: {attentions}")
            funds = national_third_party_funds_generate(
                year=2023, scale=scale, seed=seed, progress=progress
            )
            shown = {k: v for k, v in funds.items() if not k.startswith("target_")}
            self.stdout.write(f"Fondos de terceros: {shown}")
        except (DomainError, ValueError) as exc:
            text = exc.as_text() if isinstance(exc, DomainError) else str(exc)
            raise CommandError(text) from None
        self.stdout.write(self.style.SUCCESS("Operaciones nacionales del año generadas."))

    def _check(self, targets: dict[str, Any], on: date, scope: str) -> None:
        from seguro.registry.coverage import coverage_counts

        province = "11" if scope == "loja-2022" else None
        counts = _flatten("", coverage_counts(on=on, province_code=province))
        expected = _flatten("", targets)
        self.stdout.write(f"Cobertura al {on.isoformat()} (selectores del registro / plan):")
        failures = 0
        for key, value in expected.items():
            got = counts.get(key)
            mark = "ok" if got == value else "DIFERENTE"
            failures += got != value
            self.stdout.write(f"  {key:<45} {got!s:>12} {value!s:>12}  {mark}")
        if failures:
            raise CommandError(f"{failures} cifras no coinciden con el plan.")
