"""Procurement: the Loja 2022 awarded table, the law's order of stages, and awards."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from seguro.core.errors import DomainError
from seguro.core.models import AuditEvent
from seguro.institution import procurement_law, selectors, services
from seguro.institution.models import ProcurementStage, ProcurementType
from seguro.registry import ids

# Loja 2022 report, "Procesos de contratación", adjudicados: number and USD per type.
LOJA_AWARDED = [
    ("Ínfima Cuantía", 45, "114159.17"),
    ("Subasta Inversa Electrónica", 2, "114641.46"),
    ("Menor Cuantía", 2, "50191.12"),
    ("Catálogo Electrónico", 10, "254545.66"),
    ("Procedimiento Especial", 1, "35400.00"),
]
SUPPLIER = ids.tax_id_make(ids.TaxIdKind.PRIVATE_COMPANY, "11", 4242)


def test_loja_2022_awarded_by_type_is_the_reports_table(loja_2022):
    awarded = selectors.procurement_awarded_by_type(year=2022, province_code="11")
    assert [(r.label, r.count, r.amount) for r in awarded.rows] == [
        (label, n, Decimal(usd)) for label, n, usd in LOJA_AWARDED
    ]
    # 45 + 2 + 2 + 10 + 1 = 60 processes; 114 159.17 + 114 641.46 + 50 191.12 + 254 545.66
    # + 35 400.00 = 568 937.41
    assert awarded.total_count == 60
    assert awarded.total_amount == Decimal("568937.41")
    assert selectors.procurement_awarded_by_type(year=2022, province_code="17").rows == []


def test_every_procedure_in_the_law_file_is_a_model_choice_and_back():
    assert set(procurement_law.procedures()) == set(ProcurementType.values)
    for stage in ProcurementStage.values:
        procurement_law.stage_successors(stage, "licitacion")


def _plan(unit, kind: str = "subasta_inversa", code: str = "SIE-TEST-2024-001"):
    return services.procurement_process_plan(
        actor=None,
        unit=unit(),
        code=code,
        year=2024,
        procurement_type=kind,
        category="goods",
        object="Adquisición de insumos médicos",
        budget="10000.00",
        planned_on=date(2024, 1, 10),
    )


def test_a_process_goes_from_plan_to_contract_in_order(unit):
    process = _plan(unit)
    process = services.procurement_stage_advance(
        actor=None, process=process, stage="published", on=date(2024, 2, 1)
    )
    process = services.procurement_award(
        actor=None,
        process=process,
        on=date(2024, 3, 1),
        amount="9500.00",
        supplier_name="Distribuidora Andina S.A.",
        supplier_tax_id=SUPPLIER,
    )
    process = services.procurement_stage_advance(
        actor=None, process=process, stage="contract_signed", on=date(2024, 3, 15)
    )
    assert process.contract_date == date(2024, 3, 15)
    history = [(c.stage, c.on) for c in process.stage_changes.order_by("on")]
    assert history == [
        ("planned", date(2024, 1, 10)),
        ("published", date(2024, 2, 1)),
        ("awarded", date(2024, 3, 1)),
        ("contract_signed", date(2024, 3, 15)),
    ]
    actions = AuditEvent.objects.filter(
        target_type="institution.procurementprocess", target_id=str(process.pk)
    ).values_list("action", flat=True)
    assert sorted(actions) == [
        "institution.procurement.award",
        "institution.procurement.plan",
        "institution.procurement.stage",
        "institution.procurement.stage",
    ]


def test_stages_out_of_the_laws_order_are_refused(unit):
    process = _plan(unit)
    with pytest.raises(DomainError) as refused:
        services.procurement_stage_advance(
            actor=None, process=process, stage="contract_signed", on=date(2024, 2, 1)
        )
    assert refused.value.field == "etapa"
    assert "publicado" in refused.value.message  # names what is allowed
    with pytest.raises(DomainError):  # a subasta must be published before it is awarded
        services.procurement_award(
            actor=None,
            process=process,
            on=date(2024, 2, 1),
            amount="1.00",
            supplier_name="X",
            supplier_tax_id=SUPPLIER,
        )
    process.refresh_from_db()
    assert process.stage == "planned"
    assert process.stage_changes.count() == 1
    services.procurement_stage_advance(
        actor=None, process=process, stage="cancelled", on=date(2024, 2, 1)
    )
    with pytest.raises(DomainError):  # a cancelled process is final
        services.procurement_stage_advance(
            actor=None, process=process, stage="published", on=date(2024, 2, 2)
        )


def test_a_stage_cannot_be_dated_before_the_previous_one(unit):
    process = _plan(unit)
    with pytest.raises(DomainError) as refused:
        services.procurement_stage_advance(
            actor=None, process=process, stage="published", on=date(2024, 1, 9)
        )
    assert refused.value.field == "fecha"


def test_an_infima_cuantia_is_awarded_without_a_published_call(unit):
    process = _plan(unit, kind="infima_cuantia", code="IC-TEST-2024-001")
    process = services.procurement_award(
        actor=None,
        process=process,
        on=date(2024, 1, 20),
        amount="950.00",
        supplier_name="Papelería Loja",
        supplier_tax_id=SUPPLIER,
    )
    assert process.stage == "awarded"


def test_an_award_needs_a_valid_ruc_and_an_amount(unit):
    process = _plan(unit, kind="infima_cuantia", code="IC-TEST-2024-002")
    with pytest.raises(DomainError) as refused:
        services.procurement_award(
            actor=None,
            process=process,
            on=date(2024, 1, 20),
            amount="950.00",
            supplier_name="Papelería Loja",
            supplier_tax_id="1190000000000",
        )
    assert refused.value.field == "RUC del proveedor"
    with pytest.raises(DomainError) as refused:
        services.procurement_award(
            actor=None,
            process=process,
            on=date(2024, 1, 20),
            amount="0",
            supplier_name="Papelería Loja",
            supplier_tax_id=SUPPLIER,
        )
    assert refused.value.field == "monto adjudicado"


def test_process_codes_are_unique_and_well_formed(unit):
    _plan(unit)
    with pytest.raises(DomainError):
        _plan(unit)
    with pytest.raises(DomainError) as refused:
        _plan(unit, code="mal código!")
    assert refused.value.field == "código del proceso"
