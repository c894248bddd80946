"""Base of the institution's admin: scoped rows, saves through services, no deletes."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.utils.html import format_html, format_html_join

from seguro.institution import scope
from seguro.institution.models import (
    OrganisationalUnit,
)


class InstitutionAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Only the rows in the user's scope; saves through the form's service; no deletes."""

    add_fields: tuple[str, ...] = ()  # the form on "add"
    change_fields: tuple[str, ...] = ()  # what may be edited on "change"
    readonly_on_change: tuple[str, ...] = ()  # shown, not edited, on "change"
    changeable = True  # False: rows that no service changes are shown read-only
    show_full_result_count = False

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return list(self.add_fields)
        return [*self.readonly_on_change, *self.change_fields]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        base = super().get_queryset(request)
        return base.filter(pk__in=scope.visible(request.user, self.model).values("pk"))

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        allowed = super().has_change_permission(request, obj)
        if obj is not None and not self.changeable:
            return False
        return allowed and (obj is None or scope.is_visible(request.user, obj))

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return self.readonly_on_change if obj is not None else ()

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        form: Any = super().get_form(request, obj, change=change, **kwargs)
        form.actor = request.user
        return form

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        saved = form.run_service(request.user)
        obj.pk = saved.pk
        obj.__dict__.update({k: v for k, v in saved.__dict__.items() if not k.startswith("_")})

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        pass  # no many-to-many fields and no inlines: histories are read-only fields


def _listing(lines: Iterable[str]) -> str:
    items = format_html_join("", "<li>{}</li>", ((line,) for line in lines))
    return format_html("<ul>{}</ul>", items) if items else "—"


def _scoped_units(form: forms.ModelForm, *names: str) -> None:  # type: ignore[type-arg]
    """Offer only the units the acting user may write to."""
    actor = getattr(form, "actor", None)
    for name in names:
        if name in form.fields:
            field: Any = form.fields[name]
            field.queryset = scope.visible(actor, OrganisationalUnit).filter(active=True)
