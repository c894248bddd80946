"""Loading Ecuador's political division (INEC DPA) from the CSV shipped with the package.

Used by the data migration (with historical models) and by the test suite, which puts the
territory back after a transactional test has emptied the tables.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

DPA_CSV = Path(__file__).resolve().parent / "data" / "ecuador-dpa.csv"


def territory_load(province_model: Any, canton_model: Any) -> int:
    """Insert the 24 provinces and 221 cantons; returns the number of cantons written."""
    with DPA_CSV.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    provinces: dict[str, Any] = {}
    for row in rows:
        provinces.setdefault(
            row["province_code"],
            province_model(code=row["province_code"], name=row["province"], region=row["region"]),
        )
    province_model.objects.bulk_create(provinces.values())
    canton_model.objects.bulk_create(
        canton_model(
            code=row["canton_code"],
            name=row["canton"],
            seat=row["canton_seat"],
            province_id=row["province_code"],
        )
        for row in rows
    )
    return len(rows)
