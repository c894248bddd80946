"""Admin forms whose save is a service call, shared by every app's admin.

Validation runs the service inside a transaction that is always rolled back, so the clerk sees
the service's own Spanish message next to the form; saving runs the service for real.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model

from seguro.core.errors import DomainError


class _DryRun(Exception):
    pass


class ServiceForm(forms.ModelForm):  # type: ignore[type-arg]
    """A model form whose save is a service call."""

    actor: Any = None

    def run_service(self, actor: Any) -> Model:
        raise DomainError("este registro no se modifica desde aquí.")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.errors:
            return cleaned
        try:
            with transaction.atomic():
                self.run_service(self.actor)
                raise _DryRun
        except _DryRun:
            pass
        except DomainError as exc:
            raise ValidationError(exc.as_text()) from None
        return cleaned

    def _post_clean(self) -> None:
        # The service is the validator; skip the model's own full_clean on a half-built object.
        pass
