import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("interventions", "0005_letter_templates_to_municipalities")]

    operations = [
        migrations.AlterField(
            model_name="decisionlettertemplate",
            name="municipality",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="letter_templates",
                to="organisation.municipality",
                verbose_name="kommune",
            ),
        ),
    ]
