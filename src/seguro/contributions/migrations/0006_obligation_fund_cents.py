"""Obligations keep their split by fund; the close posts the ledger by province and fund."""

from collections import defaultdict

from django.db import migrations, models
from django.db.models import Sum


def fund_cents_from_ledger(apps, schema_editor):  # type: ignore[no-untyped-def]
    """Obligations closed before this field carried their split in per-obligation entries."""
    Obligation = apps.get_model("contributions", "Obligation")
    LedgerEntry = apps.get_model("ledger", "LedgerEntry")
    split: dict[int, dict[str, int]] = defaultdict(dict)
    rows = (
        LedgerEntry.objects.filter(kind="assessed", document_type="obligation")
        .values("document_id", "fund")
        .annotate(cents=Sum("amount_cents"))
        .values_list("document_id", "fund", "cents")
    )
    for obligation_id, fund, cents in rows.iterator():
        split[obligation_id][fund] = int(cents)
    for obligation_id, funds in split.items():
        Obligation.objects.filter(pk=obligation_id).update(fund_cents=funds)


class Migration(migrations.Migration):
    dependencies = [
        ("contributions", "0005_lean_history_indexes"),
        ("ledger", "0006_lean_history_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="obligation",
            name="fund_cents",
            field=models.JSONField(
                blank=True, default=dict, verbose_name="aportes por fondo (centavos)"
            ),
        ),
        migrations.RunPython(fund_cents_from_ledger, migrations.RunPython.noop),
    ]
