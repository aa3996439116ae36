"""Seed the two models' cadence profiles (DOMAIN.md sections 2 and 3)."""

from django.db import migrations

PROFILES = [
    {
        "code": "kos",
        "name": "KOS / Én familie – én indgang",
        "description": (
            "Kontakt med familien mindst én gang hver kalendermåned; opfølgning på den "
            "fælles plan mindst hver 3. måned; kerneteamet mødes hver uge."
        ),
        "contact_every_months": 1,
        "followup_every": 3,
        "followup_unit": "months",
        "welfare_followup_every": None,
        "core_team_weekly": True,
    },
    {
        "code": "sammen-om-familien",
        "name": "Sammen om familien",
        "description": (
            "Opfølgning hver 3. måned i kompensations- og støttesager (§§ 41, 42, 44, evt. "
            "med § 11 eller § 52a); hver 6. uge i sager med børnefaglig undersøgelse eller "
            "foranstaltninger (§ 50 og § 52). Kontakt efter aftale med familien."
        ),
        "contact_every_months": None,
        "followup_every": 3,
        "followup_unit": "months",
        "welfare_followup_every": 6,
        "core_team_weekly": False,
    },
]


def seed(apps, schema_editor):
    CadenceProfile = apps.get_model("followup", "CadenceProfile")
    for data in PROFILES:
        CadenceProfile.objects.update_or_create(
            code=data["code"], defaults={**data, "welfare_followup_unit": "weeks"}
        )


def unseed(apps, schema_editor):
    apps.get_model("followup", "CadenceProfile").objects.filter(
        code__in=[p["code"] for p in PROFILES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("followup", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
