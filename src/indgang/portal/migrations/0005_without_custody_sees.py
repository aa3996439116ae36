from django.db import migrations, models


def from_flag(apps, schema_editor):
    """A municipality that let parents without custody in showed them everything."""
    PortalSettings = apps.get_model("portal", "PortalSettings")
    PortalSettings.objects.filter(invite_parents_without_custody=True).update(
        without_custody_sees="all"
    )


def to_flag(apps, schema_editor):
    PortalSettings = apps.get_model("portal", "PortalSettings")
    PortalSettings.objects.exclude(without_custody_sees="nothing").update(
        invite_parents_without_custody=True
    )


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0004_conversation_members_cover_text"),
    ]

    operations = [
        migrations.AddField(
            model_name="portalsettings",
            name="without_custody_sees",
            field=models.CharField(
                choices=[
                    ("nothing", "Intet – de kan ikke inviteres"),
                    ("meetings", "Kun de møder, de selv er inviteret til"),
                    ("all_but_plan", "Alt undtagen den fælles plan"),
                    ("all", "Det samme som forældre med forældremyndighed"),
                ],
                default="nothing",
                max_length=12,
                verbose_name="forældre uden forældremyndighed kan se",
            ),
        ),
        migrations.RunPython(from_flag, to_flag),
        migrations.RemoveField(
            model_name="portalsettings",
            name="invite_parents_without_custody",
        ),
    ]
