"""Declaration lines lose the index of their declaration: the (declaration, person) constraint
leads with it already, and nationally every index is paid for 2.7 M times a month."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("contributions", "0007_obligation_keys_kept_by_the_close"),
    ]

    operations = [
        migrations.AlterField(
            model_name="declarationline",
            name="declaration",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="lines",
                to="contributions.payrolldeclaration",
                verbose_name="planilla",
            ),
        ),
    ]
