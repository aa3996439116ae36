from django.apps import AppConfig


def _households(family_ids):
    """Family id -> its members' ids, for the audit log's read events."""
    from indgang.families.models import Person

    members: dict[int, list[int]] = {}
    for family_id, person_id in Person.objects.filter(family_id__in=family_ids).values_list(
        "family_id", "pk"
    ):
        members.setdefault(family_id, []).append(person_id)
    return members


class FamiliesConfig(AppConfig):
    name = "indgang.families"
    verbose_name = "Familier og sager"

    def ready(self):
        from indgang.audit import context
        from indgang.families import value_jumps  # noqa: F401  (sign-out ends value jumps)

        context.register_household_resolver(_households)
