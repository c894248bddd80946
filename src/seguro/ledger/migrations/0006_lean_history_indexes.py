from django.db import migrations, models

# Reports sum the ledger by period; entries are appended in period order, so on PostgreSQL a
# BRIN index (a few pages for millions of rows, next to nothing to maintain) serves them. SQLite
# has no BRIN: it gets an ordinary index.
PERIOD_INDEX = "ledger_entry_period"


def period_index_create(apps, schema_editor):
    using = "USING brin " if schema_editor.connection.vendor == "postgresql" else ""
    schema_editor.execute(f"CREATE INDEX {PERIOD_INDEX} ON ledger_ledgerentry {using}(period)")


def period_index_drop(apps, schema_editor):
    schema_editor.execute(f"DROP INDEX IF EXISTS {PERIOD_INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("ledger", "0005_debtor_first_indexes"),
    ]

    operations = [
        migrations.RunPython(period_index_create, period_index_drop),
        migrations.RemoveIndex(
            model_name="ledgerentry",
            name="ledger_ledg_period_30a02c_idx",
        ),
        migrations.RemoveIndex(
            model_name="ledgerentry",
            name="ledger_ledg_documen_3b618c_idx",
        ),
        migrations.AddIndex(
            model_name="ledgerentry",
            index=models.Index(fields=["document_id"], name="ledger_entry_document"),
        ),
    ]
