"""Letter templates belong to a municipality and keep a version per save (issue 8).

The municipality is added as nullable here, filled by 0005 and made required by 0006."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("interventions", "0003_core_team_decisions"),
        ("organisation", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="decisionlettertemplate",
            name="municipality",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="letter_templates",
                to="organisation.municipality",
                verbose_name="kommune",
            ),
        ),
        migrations.AlterModelOptions(
            name="decisionlettertemplate",
            options={
                "ordering": ["municipality__name", "name", "pk"],
                "verbose_name": "brevskabelon",
                "verbose_name_plural": "brevskabeloner",
            },
        ),
        migrations.CreateModel(
            name="DecisionLetterTemplateVersion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("number", models.PositiveIntegerField(verbose_name="version")),
                ("body", models.TextField(verbose_name="brevtekst")),
                ("active", models.BooleanField(verbose_name="i brug")),
                (
                    "saved_at",
                    models.DateTimeField(default=django.utils.timezone.now, verbose_name="gemt"),
                ),
                (
                    "saved_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="gemt af",
                    ),
                ),
                (
                    "template",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="versions",
                        to="interventions.decisionlettertemplate",
                    ),
                ),
            ],
            options={
                "verbose_name": "version af brevskabelon",
                "verbose_name_plural": "versioner af brevskabeloner",
                "ordering": ["template", "-number"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("template", "number"), name="letter_template_version_unique"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("number__gte", 1)),
                        name="letter_template_version_positive",
                    ),
                ],
            },
        ),
    ]
