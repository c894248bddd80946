"""Batch keys and chain hashes unique by constraint (no LIKE index beside each on PostgreSQL),
and the payment batches' totals by job and month readable from one covering index. On SQLite
the altered table is a copy without the append-only triggers: they are put back (see 0004)."""

from importlib import import_module

from django.db import migrations, models

guard = import_module("seguro.ledger.migrations.0002_append_only")


class Migration(migrations.Migration):
    dependencies = [
        ("ledger", "0006_lean_history_indexes"),
    ]

    operations = [
        migrations.AlterField(
            model_name="ledgerbatch",
            name="chain_hash",
            field=models.CharField(max_length=64, verbose_name="cadena"),
        ),
        migrations.AlterField(
            model_name="ledgerbatch",
            name="key",
            field=models.CharField(max_length=120, verbose_name="clave de idempotencia"),
        ),
        migrations.AddIndex(
            model_name="ledgerbatch",
            index=models.Index(
                fields=["job", "period"], include=("total_cents",), name="ledger_batch_job_period"
            ),
        ),
        migrations.AddConstraint(
            model_name="ledgerbatch",
            constraint=models.UniqueConstraint(fields=("key",), name="ledger_batch_key_once"),
        ),
        migrations.AddConstraint(
            model_name="ledgerbatch",
            constraint=models.UniqueConstraint(
                fields=("chain_hash",), name="ledger_batch_chain_once"
            ),
        ),
        migrations.RunPython(guard.create, guard.drop),
    ]
