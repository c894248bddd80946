"""Money and rate arithmetic shared by the one-case (Decimal) and column (int64 cents) paths.

One-case path: Decimal, rounded half-up to the cent with :func:`cents`.
Column path: integer cents (int64); a Decimal rate r is turned into an exact fraction
``num / den`` (den a power of ten) and products are divided with :func:`div_half_up`, so both
paths round the same exact rational number the same way.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import numpy.typing as npt

CENT = Decimal("0.01")
RATE_PLACES = Decimal("0.0001")

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


def cents(amount: Decimal) -> Decimal:
    """Round half-up to the cent."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def rate4(rate: Decimal) -> Decimal:
    """A rate or coefficient shown with four places (half-up)."""
    return rate.quantize(RATE_PLACES, rounding=ROUND_HALF_UP)


def to_cents(amount: Decimal) -> int:
    """Decimal money (already at the cent) to integer cents."""
    return int((amount * 100).to_integral_value(rounding=ROUND_HALF_UP))


def from_cents(value: int | np.integer[npt.NBitBase]) -> Decimal:
    return (Decimal(int(value)) / 100).quantize(CENT)


def fraction(rate: Decimal) -> tuple[int, int]:
    """An exact fraction ``(num, den)`` for a Decimal, ``den`` a power of ten."""
    sign, digits, exponent = rate.as_tuple()
    if not isinstance(exponent, int):
        raise ValueError(f"not a finite decimal: {rate}")
    num = int("".join(map(str, digits)) or "0")
    if sign:
        num = -num
    if exponent >= 0:
        return num * 10**exponent, 1
    return num, 10 ** (-exponent)


def div_half_up(num: IntArray, den: int | IntArray) -> IntArray:
    """Integer division rounded half-up (away from zero at .5) for non-negative numerators."""
    return np.asarray((2 * num + den) // (2 * np.asarray(den, dtype=np.int64)), dtype=np.int64)


def int_div_half_up(num: int, den: int) -> int:
    return (2 * num + den) // (2 * den)


def mul_rate(amount_cents: IntArray, rate: Decimal) -> IntArray:
    """cents x rate, rounded half-up to the cent."""
    num, den = fraction(rate)
    return div_half_up(amount_cents * num, den)
