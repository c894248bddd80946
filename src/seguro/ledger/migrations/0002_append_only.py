"""The database refuses UPDATE and DELETE on ledger entries and batches (both engines)."""

from django.db import migrations

TABLES = ("ledger_ledgerentry", "ledger_ledgerbatch")

PG_FUNCTION = """
CREATE OR REPLACE FUNCTION ledger_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'El libro mayor solo admite asientos nuevos (tabla %%, operación %%).',
        TG_TABLE_NAME, TG_OP;
END;
$$ LANGUAGE plpgsql;
"""


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_FUNCTION)
    for table in TABLES:
        for op in ("UPDATE", "DELETE"):
            name = f"{table}_no_{op.lower()}"
            if vendor == "postgresql":
                schema_editor.execute(
                    f"CREATE OR REPLACE TRIGGER {name} BEFORE {op} ON {table} "
                    "FOR EACH ROW EXECUTE FUNCTION ledger_append_only();"
                )
            elif vendor == "sqlite":
                schema_editor.execute(
                    f"CREATE TRIGGER IF NOT EXISTS {name} BEFORE {op} ON {table} BEGIN "
                    "SELECT RAISE(ABORT, 'El libro mayor solo admite asientos nuevos.'); END;"
                )


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table in TABLES:
        for op in ("update", "delete"):
            if vendor == "postgresql":
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_{op} ON {table};")
            elif vendor == "sqlite":
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_{op};")


class Migration(migrations.Migration):
    dependencies = [("ledger", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
