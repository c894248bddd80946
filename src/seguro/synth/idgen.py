"""Valid cédulas and RUCs by the million: column-wise twins of ``registry.ids`` makers.

``cedulas(p, s)[i] == ids.cedula_make(p[i], s[i])`` and ``rucs(kind, p, s)[i] ==
ids.tax_id_make(kind, p[i], s[i])``; the tests check it on samples, and every number against
the registry's validators.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from seguro.registry.ids import PRIVATE_WEIGHTS, PUBLIC_WEIGHTS, TaxIdKind

_CEDULA_WEIGHTS = (2, 1, 2, 1, 2, 1, 2, 1, 2)


def _digits(value: np.ndarray, width: int) -> np.ndarray:
    """The decimal digits of each value, most significant first: shape (n, width), uint8."""
    rest = np.asarray(value, dtype=np.int64).copy()
    out = np.empty((len(rest), width), dtype=np.uint8)
    for position in range(width - 1, -1, -1):
        out[:, position] = rest % 10
        rest //= 10
    return out


def _to_strings(digits: np.ndarray) -> pl.Series:
    """Rows of digits to a Polars string column."""
    chars = np.ascontiguousarray(digits + np.uint8(ord("0")))
    return pl.Series(chars.view(f"S{digits.shape[1]}").ravel()).cast(pl.String)


def cedula_digits(province: np.ndarray, serial: np.ndarray) -> np.ndarray:
    serial = np.asarray(serial, dtype=np.int64)
    body = np.concatenate(
        [
            _digits(province, 2),
            (serial % 6).astype(np.uint8)[:, None],
            _digits(serial // 6 % 1_000_000, 6),
        ],
        axis=1,
    )
    total = np.zeros(len(serial), dtype=np.int32)
    for position, weight in enumerate(_CEDULA_WEIGHTS):
        product = body[:, position].astype(np.int32) * weight
        total += np.where(product > 9, product - 9, product)
    check = ((10 - total % 10) % 10).astype(np.uint8)
    return np.concatenate([body, check[:, None]], axis=1)


def cedulas(province: np.ndarray, serial: np.ndarray) -> pl.Series:
    """Cédulas for integer province codes (1-24, 30) and serials (0-5 999 999)."""
    return _to_strings(cedula_digits(province, serial))


def _modulo11_bodies(
    prefix: np.ndarray, free_digits: int, serial: np.ndarray, weights: tuple[int, ...]
) -> np.ndarray:
    """The serial-th valid body (with its check digit) after a 3-digit prefix, as digits."""
    serial = np.asarray(serial, dtype=np.int64)
    group, index = np.divmod(serial, 9)
    if (group >= 10 ** (free_digits - 1)).any():
        raise ValueError("serial out of range for this province")
    head = np.concatenate([_digits(prefix, 3), _digits(group, free_digits - 1)], axis=1)
    w = np.asarray(weights)
    partial = (head.astype(np.int64) * w[:-1]).sum(axis=1)
    last = np.arange(10)
    remainder = (partial[:, None] + last[None, :] * w[-1]) % 11
    check = np.where(remainder == 0, 0, 11 - remainder)
    valid = check != 10
    rank = np.cumsum(valid, axis=1) - 1
    chosen = np.argmax(valid & (rank == index[:, None]), axis=1)
    rows = np.arange(len(serial))
    return np.concatenate(
        [head, chosen.astype(np.uint8)[:, None], check[rows, chosen].astype(np.uint8)[:, None]],
        axis=1,
    )


def rucs(kind: TaxIdKind, province: np.ndarray, serial: np.ndarray) -> pl.Series:
    """RUCs of one kind for integer province codes and serials."""
    province = np.asarray(province, dtype=np.int64)
    n = len(province)
    if kind is TaxIdKind.NATURAL_PERSON:
        digits = cedula_digits(province, serial)
        suffix = np.tile(np.array([0, 0, 1], dtype=np.uint8), (n, 1))
    elif kind is TaxIdKind.PRIVATE_COMPANY:
        digits = _modulo11_bodies(province * 10 + 9, 6, serial, PRIVATE_WEIGHTS)
        suffix = np.tile(np.array([0, 0, 1], dtype=np.uint8), (n, 1))
    else:
        digits = _modulo11_bodies(province * 10 + 6, 5, serial, PUBLIC_WEIGHTS)
        suffix = np.tile(np.array([0, 0, 0, 1], dtype=np.uint8), (n, 1))
    return _to_strings(np.concatenate([digits, suffix], axis=1))
