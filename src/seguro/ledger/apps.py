from django.apps import AppConfig


class LedgerConfig(AppConfig):
    name = "seguro.ledger"
    verbose_name = "Libro mayor por fondo"
