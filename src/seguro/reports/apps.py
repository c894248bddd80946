from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "seguro.reports"
    verbose_name = "Rendición de cuentas"
