from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "seguro.demo"
    verbose_name = "Demostración"
