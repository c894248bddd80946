"""Put the append-only triggers back: on SQLite, 0003 rebuilt the entries table (SQLite alters a
table by copying it), and the copy does not carry the old table's triggers. Any later migration
that alters a ledger table must end the same way."""

from importlib import import_module

from django.db import migrations

guard = import_module("seguro.ledger.migrations.0002_append_only")


class Migration(migrations.Migration):
    dependencies = [("ledger", "0003_lean_keys")]
    operations = [migrations.RunPython(guard.create, guard.drop)]
