from django.apps import AppConfig


class CollectionsConfig(AppConfig):
    name = "seguro.collections"
    label = "collections"
    verbose_name = "Cartera, convenios y coactiva"
    default_auto_field = "django.db.models.BigAutoField"
