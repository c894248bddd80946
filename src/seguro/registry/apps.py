from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "seguro.registry"
    verbose_name = "Registro: personas, empleadores y afiliaciones"
