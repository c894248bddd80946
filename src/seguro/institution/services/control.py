"""Follow-up of control recommendations (Contraloría and others) and interinstitutional
agreements."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from seguro.core.audit import audit_event_record
from seguro.core.errors import DomainError
from seguro.institution.models import (
    OPEN_RECOMMENDATION,
    AgreementKind,
    AuditRecommendation,
    InterinstitutionalAgreement,
    Issuer,
    OrganisationalUnit,
    RecommendationStatus,
)
from seguro.institution.scope import scope_require_unit
from seguro.institution.services._common import choice, not_future, text
from seguro.registry import ids


@transaction.atomic
def audit_recommendation_register(
    *,
    actor: Any,
    issuer: str,
    memo_number: str,
    memo_date: date,
    recommendation: str,
    responsible_unit: OrganisationalUnit,
    deadline: date | None = None,
    report_reference: str = "",
    additional_memo_number: str = "",
    additional_memo_date: date | None = None,
) -> AuditRecommendation:
    """Register a recommendation to follow up, with its memo (and an additional one, if any)."""
    scope_require_unit(actor, responsible_unit, "unidad responsable")
    choice(issuer, Issuer, "entidad que recomienda")
    memo = text(memo_number, "memorando", 60).upper()
    not_future(memo_date, "fecha del memorando")
    other_memo = text(additional_memo_number, "memorando adicional", 60, required=False).upper()
    if bool(other_memo) != (additional_memo_date is not None):
        raise DomainError(
            "indique el número y la fecha del memorando adicional, o ninguno de los dos.",
            field="memorando adicional",
        )
    if additional_memo_date is not None:
        not_future(additional_memo_date, "fecha del memorando adicional")
    if deadline is not None and deadline < memo_date:
        raise DomainError("el plazo es anterior a la fecha del memorando.", field="plazo")
    item = AuditRecommendation.objects.create(
        issuer=issuer,
        memo_number=memo,
        memo_date=memo_date,
        additional_memo_number=other_memo,
        additional_memo_date=additional_memo_date,
        report_reference=text(report_reference, "informe de control", 120, required=False),
        text=text(recommendation, "recomendación", 4000),
        responsible_unit=responsible_unit,
        deadline=deadline,
    )
    audit_event_record(
        actor=actor,
        action="institution.recommendation.register",
        target=item,
        summary=f"Recomendación {memo} ({item.get_issuer_display()})",
        data={"unit": responsible_unit.code, "deadline": deadline},
    )
    return item


@transaction.atomic
def audit_recommendation_update_status(
    *,
    actor: Any,
    recommendation: AuditRecommendation,
    status: str,
    evidence: str = "",
    evidence_date: date | None = None,
) -> AuditRecommendation:
    """Move a recommendation on: in progress, implemented (with evidence) or not applicable.

    A closed recommendation (implemented or not applicable) stays closed.
    """
    item = (
        AuditRecommendation.objects.select_for_update()
        .select_related("responsible_unit")
        .get(pk=recommendation.pk)
    )
    scope_require_unit(actor, item.responsible_unit, "unidad responsable")
    choice(status, RecommendationStatus, "estado")
    if item.status not in OPEN_RECOMMENDATION:
        raise DomainError(
            f"la recomendación ya está cerrada ({item.get_status_display().lower()}).",
            field="estado",
        )
    proof = text(evidence, "evidencia de cumplimiento", 4000, required=False)
    closing = status in (RecommendationStatus.IMPLEMENTED, RecommendationStatus.NOT_APPLICABLE)
    if closing and (not proof or evidence_date is None):
        raise DomainError(
            "para cerrar la recomendación indique la evidencia y su fecha.",
            field="evidencia de cumplimiento",
        )
    if evidence_date is not None:
        not_future(evidence_date, "fecha de la evidencia")
        if evidence_date < item.memo_date:
            raise DomainError(
                "la evidencia es anterior al memorando de la recomendación.",
                field="fecha de la evidencia",
            )
    before = item.status
    item.status = status
    item.evidence = proof or item.evidence
    item.evidence_date = evidence_date or item.evidence_date
    item.save(update_fields=["status", "evidence", "evidence_date"])
    audit_event_record(
        actor=actor,
        action="institution.recommendation.status",
        target=item,
        summary=f"Recomendación {item.memo_number}: {before} → {status}",
        data={"before": before, "status": status, "evidence_date": evidence_date},
    )
    return item


@transaction.atomic
def agreement_register(
    *,
    actor: Any,
    unit: OrganisationalUnit,
    kind: str,
    counterpart: str,
    object: str,
    signed_on: date,
    valid_to: date | None = None,
    counterpart_tax_id: str = "",
) -> InterinstitutionalAgreement:
    scope_require_unit(actor, unit)
    choice(kind, AgreementKind, "tipo de convenio")
    not_future(signed_on, "fecha de suscripción")
    if valid_to is not None and valid_to < signed_on:
        raise DomainError(
            "el fin del convenio es anterior a su suscripción.", field="vigente hasta"
        )
    tax_id = text(counterpart_tax_id, "RUC de la contraparte", 13, required=False)
    if tax_id:
        try:
            tax_id, _kind = ids.tax_id_validate(tax_id)
        except ids.InvalidId as exc:
            raise DomainError(f"RUC inválido: {exc}", field="RUC de la contraparte") from None
    agreement = InterinstitutionalAgreement.objects.create(
        unit=unit,
        kind=kind,
        counterpart=text(counterpart, "contraparte", 200),
        counterpart_tax_id=tax_id,
        object=text(object, "objeto", 4000),
        signed_on=signed_on,
        valid_to=valid_to,
    )
    audit_event_record(
        actor=actor,
        action="institution.agreement.register",
        target=agreement,
        summary=f"Convenio con {agreement.counterpart}",
        data={"unit": unit.code, "kind": kind, "signed_on": signed_on, "valid_to": valid_to},
    )
    return agreement


@transaction.atomic
def agreement_update(
    *, actor: Any, agreement: InterinstitutionalAgreement, valid_to: date | None
) -> InterinstitutionalAgreement:
    """Extend, shorten or end an agreement (its new end date)."""
    agreement = (
        InterinstitutionalAgreement.objects.select_for_update()
        .select_related("unit")
        .get(pk=agreement.pk)
    )
    scope_require_unit(actor, agreement.unit)
    if valid_to is not None and valid_to < agreement.signed_on:
        raise DomainError(
            "el fin del convenio es anterior a su suscripción.", field="vigente hasta"
        )
    before = agreement.valid_to
    agreement.valid_to = valid_to
    agreement.save(update_fields=["valid_to"])
    audit_event_record(
        actor=actor,
        action="institution.agreement.update",
        target=agreement,
        summary=f"Vigencia del convenio con {agreement.counterpart}",
        data={"before": before, "valid_to": valid_to},
    )
    return agreement
