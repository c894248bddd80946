"""Ecuador's 24 provinces and 221 cantons with their INEC codes and regions (data/ecuador-dpa.csv)."""

from django.db import migrations

from seguro.registry.territory import territory_load


def load_territory(apps, schema_editor):
    territory_load(apps.get_model("registry", "Province"), apps.get_model("registry", "Canton"))


def unload_territory(apps, schema_editor):
    apps.get_model("registry", "Canton").objects.all().delete()
    apps.get_model("registry", "Province").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]
    operations = [migrations.RunPython(load_territory, unload_territory)]
