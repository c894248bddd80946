from django.apps import AppConfig


class PensionsConfig(AppConfig):
    name = "seguro.pensions"
    verbose_name = "Pensiones en curso y nómina de pensionistas"
