from django.apps import AppConfig


class ContributionsConfig(AppConfig):
    name = "seguro.contributions"
    verbose_name = "Aportes: planillas, obligaciones e historia laboral"
