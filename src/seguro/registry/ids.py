"""Ecuador's identity numbers: the cédula (person) and the RUC (taxpayer, here the employer).

Check rules as published by the Registro Civil and the SRI:
- cédula: 10 digits; digits 1-2 a province code (01-24, or 30 for Ecuadorians registered
  abroad); digit 3 below 6; digit 10 is the modulo-10 check over digits 1-9 with weights
  2,1,2,1,... (a product over 9 has 9 subtracted).
- RUC of a natural person: a valid cédula followed by an establishment number 001-999.
- RUC of a private company: digit 3 is 9; digit 10 is the modulo-11 check over digits 1-9 with
  weights 4,3,2,7,6,5,4,3,2; then an establishment number 001-999.
- RUC of a public entity: digit 3 is 6; digit 9 is the modulo-11 check over digits 1-8 with
  weights 3,2,7,6,5,4,3,2; then an establishment number 0001-9999.
Messages are Spanish: they reach the clerk as they are.
"""

from __future__ import annotations

from enum import StrEnum

CEDULA_PROVINCE_CODES = frozenset([f"{n:02d}" for n in range(1, 25)] + ["30"])


class TaxIdKind(StrEnum):
    NATURAL_PERSON = "natural"
    PRIVATE_COMPANY = "private"
    PUBLIC_ENTITY = "public"


class InvalidId(ValueError):
    """The number breaks the check rule; the message says how, in Spanish."""


def cedula_check_digit(first_nine: str) -> int:
    total = 0
    for position, char in enumerate(first_nine):
        product = int(char) * (2 if position % 2 == 0 else 1)
        total += product - 9 if product > 9 else product
    return (10 - total % 10) % 10


def _modulo11_check(digits: str, weights: tuple[int, ...]) -> int | None:
    remainder = sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11
    check = 0 if remainder == 0 else 11 - remainder
    return None if check == 10 else check


PRIVATE_WEIGHTS = (4, 3, 2, 7, 6, 5, 4, 3, 2)
PUBLIC_WEIGHTS = (3, 2, 7, 6, 5, 4, 3, 2)


def cedula_validate(value: str) -> str:
    """Return the cédula if valid, else raise InvalidId with the reason."""
    value = (value or "").strip()
    if len(value) != 10 or not value.isdigit():
        raise InvalidId("la cédula debe tener exactamente 10 dígitos.")
    if value[:2] not in CEDULA_PROVINCE_CODES:
        raise InvalidId(f"los dos primeros dígitos ({value[:2]}) no son un código de provincia.")
    if int(value[2]) >= 6:
        raise InvalidId("el tercer dígito de una cédula debe ser menor que 6.")
    if cedula_check_digit(value[:9]) != int(value[9]):
        raise InvalidId("el dígito verificador no corresponde (módulo 10).")
    return value


def tax_id_kind(value: str) -> TaxIdKind:
    third = int(value[2])
    if third < 6:
        return TaxIdKind.NATURAL_PERSON
    if third == 6:
        return TaxIdKind.PUBLIC_ENTITY
    if third == 9:
        return TaxIdKind.PRIVATE_COMPANY
    raise InvalidId("el tercer dígito del RUC debe ser 0-5, 6 (entidad pública) o 9 (sociedad).")


def tax_id_validate(value: str) -> tuple[str, TaxIdKind]:
    """Return (RUC, kind) if valid, else raise InvalidId with the reason."""
    value = (value or "").strip()
    if len(value) != 13 or not value.isdigit():
        raise InvalidId("el RUC debe tener exactamente 13 dígitos.")
    if value[:2] not in CEDULA_PROVINCE_CODES:
        raise InvalidId(f"los dos primeros dígitos ({value[:2]}) no son un código de provincia.")
    kind = tax_id_kind(value)
    if kind is TaxIdKind.NATURAL_PERSON:
        try:
            cedula_validate(value[:10])
        except InvalidId as exc:
            raise InvalidId(f"los 10 primeros dígitos no son una cédula válida: {exc}") from None
        if value[10:] == "000":
            raise InvalidId("el número de establecimiento (3 últimos dígitos) no puede ser 000.")
    elif kind is TaxIdKind.PRIVATE_COMPANY:
        if _modulo11_check(value[:9], PRIVATE_WEIGHTS) != int(value[9]):
            raise InvalidId("el dígito verificador de la sociedad no corresponde (módulo 11).")
        if value[10:] == "000":
            raise InvalidId("el número de establecimiento (3 últimos dígitos) no puede ser 000.")
    else:
        if _modulo11_check(value[:8], PUBLIC_WEIGHTS) != int(value[8]):
            raise InvalidId(
                "el dígito verificador de la entidad pública no corresponde (módulo 11)."
            )
        if value[9:] == "0000":
            raise InvalidId("el número de establecimiento (4 últimos dígitos) no puede ser 0000.")
    return value, kind


def cedula_make(province_code: str, serial: int) -> str:
    """A valid cédula for a province and a serial (0-9 999 999): for synthetic data and tests."""
    body = f"{province_code}{serial % 6}{serial // 6 % 1_000_000:06d}"
    return body + str(cedula_check_digit(body))


def _nth_valid_body(prefix: str, free_digits: int, serial: int, weights: tuple[int, ...]) -> str:
    # Bodies are taken in groups of ten that differ in the last digit; that digit's weight is 2,
    # so at most one of the ten has no check digit (remainder 1), and nine are always valid.
    group, index = divmod(serial, 9)
    if group >= 10 ** (free_digits - 1):
        raise ValueError("serial out of range for this province")
    found = -1
    for last in range(10):
        body = f"{prefix}{group:0{free_digits - 1}d}{last}"
        check = _modulo11_check(body, weights)
        if check is not None:
            found += 1
            if found == index:
                return f"{body}{check}"
    raise AssertionError("unreachable: nine valid bodies in every group")


def tax_id_make(kind: TaxIdKind, province_code: str, serial: int) -> str:
    """The serial-th valid RUC of a kind in a province: for synthetic data and tests."""
    if kind is TaxIdKind.NATURAL_PERSON:
        return cedula_make(province_code, serial) + "001"
    if kind is TaxIdKind.PRIVATE_COMPANY:
        return _nth_valid_body(f"{province_code}9", 6, serial, PRIVATE_WEIGHTS) + "001"
    return _nth_valid_body(f"{province_code}6", 5, serial, PUBLIC_WEIGHTS) + "0001"
