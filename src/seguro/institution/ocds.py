"""Procurement processes as an Open Contracting Data Standard (OCDS) 1.1 release package.

One release per process describing its current stage (tag planning / tender / award / contract,
or tenderUpdate / tenderCancellation for deserted and cancelled ones). The Ecuadorian procedure
name goes in tender.procurementMethodDetails, and its OCDS method (open, selective, limited,
direct) comes from data/procurement_types.yaml. Amounts are {amount, currency: "USD"}; they are
Decimal to the cent until the JSON edge, where `ocds_json` writes them as numbers.

An OCID prefix is assigned to each publisher by the Open Contracting Partnership; a real
deployment registers one and passes it as `ocid_prefix`.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time
from decimal import Decimal
from typing import Any

from seguro.institution import procurement_law, selectors
from seguro.institution.models import AWARDED_STAGES, ProcurementProcess, ProcurementStage

OCDS_VERSION = "1.1"
DEFAULT_OCID_PREFIX = "ocds-seguro"  # placeholder: register a prefix before publishing
INSTITUTE_NAME = "Instituto Ecuatoriano de Seguridad Social"
RUC_SCHEME = "EC-RUC"  # org-id.guide scheme of Ecuador's Registro Único de Contribuyentes
CURRENCY = "USD"

CATEGORY = {"goods": "goods", "services": "services", "works": "works", "consulting": "services"}
TENDER_STATUS = {
    ProcurementStage.PLANNED: "planned",
    ProcurementStage.PUBLISHED: "active",
    ProcurementStage.AWARDED: "complete",
    ProcurementStage.CONTRACT_SIGNED: "complete",
    ProcurementStage.DESERTED: "unsuccessful",
    ProcurementStage.CANCELLED: "cancelled",
}
TAG = {
    ProcurementStage.PLANNED: "planning",
    ProcurementStage.PUBLISHED: "tender",
    ProcurementStage.AWARDED: "award",
    ProcurementStage.CONTRACT_SIGNED: "contract",
    ProcurementStage.DESERTED: "tenderUpdate",
    ProcurementStage.CANCELLED: "tenderCancellation",
}


def _value(amount: Decimal) -> dict[str, Any]:
    return {"amount": amount, "currency": CURRENCY}


def _datetime(day: date) -> str:
    """Dates of the stages as OCDS date-times (midnight, Ecuador's offset -05:00)."""
    return datetime.combine(day, time(0, 0)).isoformat() + "-05:00"


def _buyer(process: ProcurementProcess) -> dict[str, Any]:
    unit = process.unit
    return {
        "id": f"unidad-{unit.code}",
        "name": f"{INSTITUTE_NAME} · {unit.name}",
        "address": {"region": unit.province.name if unit.province else "Nacional"},
        "roles": ["buyer", "procuringEntity"],
    }


def _supplier(process: ProcurementProcess) -> dict[str, Any]:
    return {
        "id": f"{RUC_SCHEME}-{process.supplier_tax_id}",
        "name": process.supplier_name,
        "identifier": {
            "scheme": RUC_SCHEME,
            "id": process.supplier_tax_id,
            "legalName": process.supplier_name,
        },
        "roles": ["supplier"],
    }


def ocds_release(process: ProcurementProcess, *, ocid_prefix: str) -> dict[str, Any]:
    changes = {change.stage: change for change in process.stage_changes.all()}
    last = max(changes.values(), key=lambda c: (c.on, c.pk))
    ocid = f"{ocid_prefix}-{process.code}"
    buyer = _buyer(process)
    method = procurement_law.procedure(process.procurement_type).ocds_method
    tender: dict[str, Any] = {
        "id": process.code,
        "title": process.object,
        "status": TENDER_STATUS[ProcurementStage(process.stage)],
        "statusDetails": process.get_stage_display(),
        "procuringEntity": {"id": buyer["id"], "name": buyer["name"]},
        "value": _value(process.budget),
        "procurementMethod": method,
        "procurementMethodDetails": process.get_procurement_type_display(),
        "mainProcurementCategory": CATEGORY[process.category],
    }
    if ProcurementStage.PUBLISHED in changes:
        tender["datePublished"] = _datetime(changes[ProcurementStage.PUBLISHED].on)
    release: dict[str, Any] = {
        "ocid": ocid,
        "id": f"{ocid}-{process.stage}-{last.on:%Y%m%d}",
        "date": _datetime(last.on),
        "tag": [TAG[ProcurementStage(process.stage)]],
        "initiationType": "tender",
        "language": "es",
        "parties": [buyer],
        "buyer": {"id": buyer["id"], "name": buyer["name"]},
        "planning": {
            "budget": {
                "id": process.budget_line.item_code if process.budget_line else process.code,
                "description": (
                    process.budget_line.item_name
                    if process.budget_line
                    else f"Plan Anual de Contratación {process.year}"
                ),
                "amount": _value(process.budget),
            }
        },
        "tender": tender,
    }
    if process.awarded_on is not None and process.awarded_amount is not None:
        supplier = _supplier(process)
        release["parties"].append(supplier)
        award_status = "active" if process.stage in AWARDED_STAGES else "cancelled"
        award_id = f"{process.code}-adjudicacion"
        release["awards"] = [
            {
                "id": award_id,
                "title": process.object,
                "status": award_status,
                "date": _datetime(process.awarded_on),
                "value": _value(process.awarded_amount),
                "suppliers": [{"id": supplier["id"], "name": supplier["name"]}],
            }
        ]
        if process.contract_date is not None:
            release["contracts"] = [
                {
                    "id": f"{process.code}-contrato",
                    "awardID": award_id,
                    "title": process.object,
                    "status": "active",
                    "dateSigned": _datetime(process.contract_date),
                    "value": _value(process.awarded_amount),
                }
            ]
    return release


def ocds_release_package(
    *,
    year: int,
    province_code: str | None = None,
    ocid_prefix: str = DEFAULT_OCID_PREFIX,
    published_at: datetime | None = None,
    uri: str | None = None,
    publisher: str = INSTITUTE_NAME,
) -> dict[str, Any]:
    """Every process of a year's plan (of a province's units, if given) as a release package."""
    processes = (
        selectors.procurement_processes(year=year, province_code=province_code)
        .select_related("unit__province", "budget_line")
        .prefetch_related("stage_changes")
    )
    published = published_at or datetime.now(UTC).replace(microsecond=0)
    where = f"/{province_code}" if province_code else ""
    return {
        "uri": uri or f"https://seguro.example/institucion/compras/ocds/{year}{where}.json",
        "version": OCDS_VERSION,
        "publishedDate": published.isoformat().replace("+00:00", "Z"),
        "publisher": {"name": publisher},
        "license": "https://creativecommons.org/licenses/by/4.0/",
        "releases": [ocds_release(p, ocid_prefix=ocid_prefix) for p in processes],
    }


class _Encoder(json.JSONEncoder):
    def default(self, o: Any) -> Any:
        if isinstance(o, Decimal):
            # The JSON edge: a two-decimal amount's float repr reads back as the same decimal.
            return int(o) if o == o.to_integral_value() else float(o)
        return super().default(o)


def ocds_json(package: dict[str, Any], *, indent: int | None = 2) -> str:
    return json.dumps(package, cls=_Encoder, ensure_ascii=False, indent=indent)
