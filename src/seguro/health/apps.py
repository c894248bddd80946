from django.apps import AppConfig


class HealthConfig(AppConfig):
    name = "seguro.health"
    verbose_name = "Salud: red de unidades, prestadores externos, cobertura y atenciones"
