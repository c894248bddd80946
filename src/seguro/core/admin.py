from django.contrib import admin
from django.http import HttpRequest

from seguro.core.models import AuditEvent

admin.site.site_header = "Seguro · Instituto de Seguridad Social"
admin.site.site_title = "Seguro"
admin.site.index_title = "Administración"


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Read only: the audit trail cannot be changed from the admin (nor anywhere else)."""

    list_display = ("occurred_at", "actor", "action", "target_type", "target_id", "summary")
    list_filter = ("action", "target_type")
    search_fields = ("target_id", "summary", "actor__username")
    date_hierarchy = "occurred_at"
    readonly_fields = [f.name for f in AuditEvent._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
