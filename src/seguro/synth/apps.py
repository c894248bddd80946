from django.apps import AppConfig


class SynthConfig(AppConfig):
    name = "seguro.synth"
    verbose_name = "Datos sintéticos"
