"""On PostgreSQL the database itself refuses two overlapping affiliations of a person with the
same employer (an exclusion constraint over date ranges). SQLite has no such constraint; there the
service's check (registry.services.affiliation_start) is the guard, and it runs on both."""

from django.db import migrations

CREATE = """
CREATE EXTENSION IF NOT EXISTS btree_gist;
ALTER TABLE registry_affiliation ADD CONSTRAINT affiliation_no_overlap_same_employer
EXCLUDE USING gist (
    person_id WITH =,
    employer_id WITH =,
    daterange(valid_from, valid_to, '[]') WITH &&
) WHERE (employer_id IS NOT NULL);
"""
DROP = "ALTER TABLE registry_affiliation DROP CONSTRAINT IF EXISTS affiliation_no_overlap_same_employer;"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("registry", "0002_territory")]
    operations = [migrations.RunPython(create, drop)]
