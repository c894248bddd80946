"""Agreements name the provincial directorate that administers them (by default, the
provider's own province, which is what every earlier agreement had)."""

import django.db.models.deletion
from django.db import migrations, models


def province_from_provider(apps, schema_editor):  # type: ignore[no-untyped-def]
    Agreement = apps.get_model("health", "ProviderAgreement")
    for agreement in Agreement.objects.select_related("provider__canton"):
        agreement.province_id = agreement.provider.canton.province_id
        agreement.save(update_fields=["province"])


class Migration(migrations.Migration):
    dependencies = [
        ("health", "0001_initial"),
        ("registry", "0005_affiliation_reserve_fund_mode"),
    ]

    operations = [
        migrations.AddField(
            model_name="provideragreement",
            name="province",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="provider_agreements",
                to="registry.province",
                verbose_name="dirección provincial que administra el convenio",
            ),
        ),
        migrations.RunPython(province_from_provider, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="provideragreement",
            name="province",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="provider_agreements",
                to="registry.province",
                verbose_name="dirección provincial que administra el convenio",
            ),
        ),
    ]
