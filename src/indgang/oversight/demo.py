"""Demo data of the oversight desk: each centre's monthly spot check in its annual cycle."""

from indgang.organisation.models import User
from indgang.oversight import services
from indgang.oversight.access import OVERSEERS


def load(*, rng, users) -> None:
    """One monthly "Stikprøvekontrol" per centre, entered by its first leader or DPO."""
    overseers = (
        User.objects.filter(role__in=OVERSEERS, centre__isnull=False, is_active=True)
        .select_related("centre")
        .order_by("centre_id", "pk")
    )
    done: set[int] = set()
    for overseer in overseers:
        if overseer.centre_id not in done:
            services.spot_check_reminder_ensure(by=overseer)
            done.add(overseer.centre_id)
