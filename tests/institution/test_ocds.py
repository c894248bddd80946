"""The OCDS export validates against the OCDS 1.1 release-package schema (the subset in
ocds_schema.py) and its amounts add up to the awarded totals."""

from __future__ import annotations

import json
from decimal import Decimal

import jsonschema
import pytest
from django.core.management import CommandError, call_command

from seguro.institution import ocds
from tests.institution.ocds_schema import RELEASE_PACKAGE_SCHEMA


def _validate(package: dict) -> None:
    jsonschema.Draft4Validator.check_schema(RELEASE_PACKAGE_SCHEMA)
    errors = sorted(
        jsonschema.Draft4Validator(RELEASE_PACKAGE_SCHEMA).iter_errors(package), key=str
    )
    assert errors == [], "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:10])


def test_the_loja_2022_export_validates_and_adds_up(loja_2022, tmp_path):
    out = tmp_path / "compras-2022.json"
    call_command("institution", "ocds", "--year", "2022", "--province", "11", "--out", str(out))
    package = json.loads(out.read_text(encoding="utf-8"), parse_float=Decimal)
    _validate(json.loads(out.read_text(encoding="utf-8")))
    releases = package["releases"]
    awards = [a for r in releases for a in r.get("awards", []) if a["status"] == "active"]
    assert len(awards) == 60
    assert sum(a["value"]["amount"] for a in awards) == Decimal("568937.41")
    assert {a["value"]["currency"] for a in awards} == {"USD"}
    details = {r["tender"]["procurementMethodDetails"] for r in releases if r.get("awards")}
    assert details == {
        "Ínfima Cuantía",
        "Subasta Inversa Electrónica",
        "Menor Cuantía",
        "Catálogo Electrónico",
        "Procedimiento Especial",
    }
    by_detail = {
        r["tender"]["procurementMethodDetails"]: r["tender"]["procurementMethod"] for r in releases
    }
    assert by_detail["Ínfima Cuantía"] == "direct"
    assert by_detail["Subasta Inversa Electrónica"] == "open"


def test_releases_are_internally_consistent(loja_2022):
    package = ocds.ocds_release_package(year=2022, ocid_prefix="ocds-abc123")
    _validate(json.loads(ocds.ocds_json(package)))
    assert len({r["ocid"] for r in package["releases"]}) == len(package["releases"])
    tags = {r["tender"]["id"]: r["tag"] for r in package["releases"]}
    assert tags["SIE-IESSDPL-2022-900"] == ["tenderUpdate"]  # deserted
    assert tags["COTBS-IESSDPL-2022-901"] == ["planning"]
    for release in package["releases"]:
        parties = {p["id"]: p["roles"] for p in release["parties"]}
        assert "buyer" in parties[release["buyer"]["id"]]
        award_ids = set()
        for award in release.get("awards", []):
            award_ids.add(award["id"])
            for supplier in award["suppliers"]:
                assert "supplier" in parties[supplier["id"]]
        for contract in release.get("contracts", []):
            assert contract["awardID"] in award_ids
            assert contract["value"]["amount"] == release["awards"][0]["value"]["amount"]
    signed = [r for r in package["releases"] if r.get("contracts")]
    assert len(signed) == 5  # the subastas, menores cuantías and the procedimiento especial


def test_a_year_without_processes_is_not_exported(db, tmp_path):
    # OCDS 1.1 asks for at least one release in a package.
    with pytest.raises(CommandError):
        call_command("institution", "ocds", "--year", "2021", "--out", str(tmp_path / "x.json"))
    assert not (tmp_path / "x.json").exists()
