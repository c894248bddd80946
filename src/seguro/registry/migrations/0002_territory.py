"""Ecuador's 24 provinces and 221 cantons with their INEC codes and regions (data/ecuador-dpa.csv)."""

import csv
from pathlib import Path

from django.db import migrations

DPA_CSV = Path(__file__).resolve().parent.parent / "data" / "ecuador-dpa.csv"


def load_territory(apps, schema_editor):
    Province = apps.get_model("registry", "Province")
    Canton = apps.get_model("registry", "Canton")
    with DPA_CSV.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    provinces = {}
    for row in rows:
        provinces.setdefault(
            row["province_code"],
            Province(code=row["province_code"], name=row["province"], region=row["region"]),
        )
    Province.objects.bulk_create(provinces.values())
    Canton.objects.bulk_create(
        Canton(
            code=row["canton_code"],
            name=row["canton"],
            seat=row["canton_seat"],
            province_id=row["province_code"],
        )
        for row in rows
    )


def unload_territory(apps, schema_editor):
    apps.get_model("registry", "Canton").objects.all().delete()
    apps.get_model("registry", "Province").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]
    operations = [migrations.RunPython(load_territory, unload_territory)]
