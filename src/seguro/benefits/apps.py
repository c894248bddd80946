from django.apps import AppConfig


class BenefitsConfig(AppConfig):
    name = "seguro.benefits"
    verbose_name = "Prestaciones: solicitudes, pensiones, nómina y fondos individuales"
