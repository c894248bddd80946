from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "seguro.core"
    verbose_name = "Núcleo: auditoría y roles"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from seguro.core.roles import roles_sync

        post_migrate.connect(roles_sync, dispatch_uid="seguro.core.roles_sync")
