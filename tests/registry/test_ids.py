"""Identity numbers, checked against digits worked by hand."""

import pytest

from seguro.registry import ids


def test_cedula_check_digit_worked_by_hand() -> None:
    # 1 7 1 0 0 3 4 0 6 x 2 1 2 1 2 1 2 1 2 = 2 7 2 0 0 3 8 0 (12-9=3): sum 25, check 10-5 = 5
    assert ids.cedula_check_digit("171003406") == 5
    assert ids.cedula_validate("1710034065") == "1710034065"


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("1710034064", "dígito verificador"),
        ("171003406", "10 dígitos"),
        ("17100340651", "10 dígitos"),
        ("2510034065", "código de provincia"),
        ("1760034065", "tercer dígito"),
        ("17100340a5", "10 dígitos"),
    ],
)
def test_invalid_cedula_says_why(value: str, reason: str) -> None:
    with pytest.raises(ids.InvalidId, match=reason):
        ids.cedula_validate(value)


def test_private_company_ruc_modulo_11_worked_by_hand() -> None:
    # 1 7 9 0 0 1 1 6 7 x 4 3 2 7 6 5 4 3 2 = 4+21+18+0+0+5+4+18+14 = 84; 84 mod 11 = 7; 11-7 = 4
    assert ids.tax_id_validate("1790011674001") == (
        "1790011674001",
        ids.TaxIdKind.PRIVATE_COMPANY,
    )
    with pytest.raises(ids.InvalidId, match="sociedad"):
        ids.tax_id_validate("1790011675001")
    with pytest.raises(ids.InvalidId, match="establecimiento"):
        ids.tax_id_validate("1790011674000")


def test_public_entity_ruc_modulo_11_worked_by_hand() -> None:
    # 1 7 6 0 0 0 1 5 x 3 2 7 6 5 4 3 2 = 3+14+42+0+0+0+3+10 = 72; 72 mod 11 = 6; 11-6 = 5
    assert ids.tax_id_validate("1760001550001")[1] is ids.TaxIdKind.PUBLIC_ENTITY
    with pytest.raises(ids.InvalidId, match="entidad pública"):
        ids.tax_id_validate("1760001560001")
    with pytest.raises(ids.InvalidId, match="0000"):
        ids.tax_id_validate("1760001550000")


def test_natural_person_ruc_is_a_cedula_and_an_establishment() -> None:
    assert ids.tax_id_validate("1710034065001")[1] is ids.TaxIdKind.NATURAL_PERSON
    with pytest.raises(ids.InvalidId, match="cédula"):
        ids.tax_id_validate("1710034064001")
    with pytest.raises(ids.InvalidId, match="tercer dígito"):
        ids.tax_id_validate("1780034065001")


@pytest.mark.parametrize("kind", list(ids.TaxIdKind))
def test_generated_tax_ids_are_valid_and_distinct(kind: ids.TaxIdKind) -> None:
    made = [ids.tax_id_make(kind, "11", serial) for serial in range(3000)]
    assert len(set(made)) == 3000
    assert all(ids.tax_id_validate(value)[1] is kind for value in made)


def test_generated_cedulas_are_valid_and_distinct() -> None:
    made = [ids.cedula_make("09", serial) for serial in range(0, 5_000_000, 997)]
    assert len(set(made)) == len(made)
    assert all(ids.cedula_validate(value) for value in made)
