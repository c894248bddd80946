"""The ledger's hash chain, as pure functions over frames.

An entry's canonical line joins its fields with "|" in a fixed order; a batch's root is the
SHA-256 of its lines joined by "\\n" in `seq` order; the chain hash covers the previous chain
hash, the batch key, the root, the count and the total, so removing, adding, reordering or
changing any entry or batch breaks every later link.
"""

from __future__ import annotations

import hashlib

import polars as pl

ENTRY_FIELDS = (
    "seq",
    "fund",
    "kind",
    "amount_cents",
    "period",
    "province_code",
    "employer_id",
    "person_id",
    "document_type",
    "document_id",
)
GENESIS = "0" * 64


def canonical_lines(entries: pl.DataFrame) -> pl.Series:
    """One string per entry; nulls are written as empty fields."""
    parts = [pl.col(name).cast(pl.Utf8).fill_null("") for name in ENTRY_FIELDS]
    return entries.sort("seq").select(pl.concat_str(parts, separator="|").alias("line"))["line"]


def root_hash(entries: pl.DataFrame) -> str:
    digest = hashlib.sha256()
    lines = canonical_lines(entries)
    step = 100_000
    for start in range(0, len(lines), step):
        chunk = lines.slice(start, step).str.join("\n").item()
        if start:
            digest.update(b"\n")
        digest.update(str(chunk).encode())
    return digest.hexdigest()


def chain_hash(previous: str, key: str, root: str, count: int, total_cents: int) -> str:
    text = f"{previous}|{key}|{root}|{count}|{total_cents}"
    return hashlib.sha256(text.encode()).hexdigest()
