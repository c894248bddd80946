"""Payments and allocations without the indexes the national payments (1.5 M a month) made
expensive: single-column foreign keys already led by a composite index, and full indexes on
columns almost always null (now partial); the bank reference unique by constraint."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("collections", "0001_initial"),
        ("contributions", "0007_obligation_keys_kept_by_the_close"),
        ("ledger", "0007_lean_batch_indexes"),
        ("registry", "0005_affiliation_reserve_fund_mode"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="payment",
            name="bank_import",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="payments",
                to="collections.bankimport",
                verbose_name="archivo bancario",
            ),
        ),
        migrations.AlterField(
            model_name="payment",
            name="bank_reference",
            field=models.CharField(
                blank=True, max_length=40, null=True, verbose_name="referencia bancaria"
            ),
        ),
        migrations.AlterField(
            model_name="payment",
            name="employer",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                to="registry.employer",
                verbose_name="empleador",
            ),
        ),
        migrations.AlterField(
            model_name="payment",
            name="person",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                to="registry.person",
                verbose_name="afiliado",
            ),
        ),
        migrations.AlterField(
            model_name="payment",
            name="registered_by",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="registrado por",
            ),
        ),
        migrations.AlterField(
            model_name="paymentallocation",
            name="agreement_item",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="allocations",
                to="collections.agreementitem",
                verbose_name="rubro del convenio",
            ),
        ),
        migrations.AlterField(
            model_name="paymentallocation",
            name="fine",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                to="collections.fine",
                verbose_name="multa",
            ),
        ),
        migrations.AlterField(
            model_name="paymentallocation",
            name="instalment",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="allocations",
                to="collections.agreementinstalment",
                verbose_name="cuota",
            ),
        ),
        migrations.AlterField(
            model_name="paymentallocation",
            name="obligation",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="contributions.obligation",
                verbose_name="obligación",
            ),
        ),
        migrations.AlterField(
            model_name="paymentallocation",
            name="payment",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="allocations",
                to="collections.payment",
                verbose_name="pago",
            ),
        ),
        migrations.AddIndex(
            model_name="payment",
            index=models.Index(
                condition=models.Q(("bank_import__isnull", False)),
                fields=["bank_import"],
                name="payment_bank_import",
            ),
        ),
        migrations.AddIndex(
            model_name="payment",
            index=models.Index(
                condition=models.Q(("registered_by__isnull", False)),
                fields=["registered_by"],
                name="payment_registered_by",
            ),
        ),
        migrations.AddIndex(
            model_name="paymentallocation",
            index=models.Index(
                condition=models.Q(("fine__isnull", False)), fields=["fine"], name="allocation_fine"
            ),
        ),
        migrations.AddIndex(
            model_name="paymentallocation",
            index=models.Index(
                condition=models.Q(("agreement_item__isnull", False)),
                fields=["agreement_item"],
                name="allocation_agreement_item",
            ),
        ),
        migrations.AddIndex(
            model_name="paymentallocation",
            index=models.Index(
                condition=models.Q(("instalment__isnull", False)),
                fields=["instalment"],
                name="allocation_instalment",
            ),
        ),
        migrations.AddConstraint(
            model_name="payment",
            constraint=models.UniqueConstraint(
                condition=models.Q(("bank_reference__isnull", False)),
                fields=("bank_reference",),
                name="payment_bank_reference_once",
            ),
        ),
    ]
