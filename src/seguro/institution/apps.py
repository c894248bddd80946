from django.apps import AppConfig


class InstitutionConfig(AppConfig):
    name = "seguro.institution"
    verbose_name = "Institución: presupuesto, compras, control y atención ciudadana"
