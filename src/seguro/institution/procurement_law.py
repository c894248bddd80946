"""The procurement procedures and the order of their stages, read from
data/procurement_types.yaml (legal basis per procedure, OCDS method, publication rule)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

DATA = Path(__file__).resolve().parent / "data" / "procurement_types.yaml"
OCDS_METHODS = ("open", "selective", "limited", "direct")


@dataclass(frozen=True)
class Procedure:
    code: str
    legal_basis: str
    ocds_method: str
    publication_required: bool


@cache
def _load() -> tuple[dict[str, Procedure], dict[str, tuple[str, ...]]]:
    raw = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    procedures = {
        code: Procedure(
            code=code,
            legal_basis=str(spec["legal_basis"]),
            ocds_method=str(spec["ocds_method"]),
            publication_required=bool(spec["publication_required"]),
        )
        for code, spec in raw["types"].items()
    }
    for procedure in procedures.values():
        if procedure.ocds_method not in OCDS_METHODS:
            raise ValueError(f"{DATA}: método OCDS desconocido en {procedure.code}")
    successors = {stage: tuple(after) for stage, after in raw["stages"].items()}
    return procedures, successors


def procedure(code: str) -> Procedure:
    return _load()[0][code]


def procedures() -> dict[str, Procedure]:
    return dict(_load()[0])


def stage_successors(stage: str, procurement_type: str) -> tuple[str, ...]:
    """The stages that may follow `stage`; "awarded" follows "planned" only for procedures the
    law lets an entity award without publishing a call first."""
    after = _load()[1][stage]
    if stage == "planned" and procedure(procurement_type).publication_required:
        after = tuple(s for s in after if s != "awarded")
    return after
