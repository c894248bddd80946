from django.apps import AppConfig


class WorkRisksConfig(AppConfig):
    name = "seguro.work_risks"
    verbose_name = "Riesgos del trabajo: avisos, calificación, investigación y prevención"
