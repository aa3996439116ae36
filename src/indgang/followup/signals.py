"""Due status current after every change (issue 9).

Whatever moves a case's due status (a contact, a meeting held, a plan follow-up or plan
version, an agreement, a major change, an ICS assessment, a cadence, a coordinator, a grant,
the case itself) refreshes that case's ``DueStatus`` row in the same transaction as the change: the
receivers run inside the writing service's ``transaction.atomic()``, so a failed write rolls
the refresh back with it. The apps below follow-up know nothing of this (no import cycle).
The nightly ``compute_due`` only moves the calendar.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.apps import apps
from django.db.models.signals import post_delete, post_save

_suspended: ContextVar[bool] = ContextVar("due_refresh_suspended", default=False)


@contextmanager
def suspended():
    """Bulk loaders (the demo, benchmarks) compute everything once at the end instead."""
    token = _suspended.set(True)
    try:
        yield
    finally:
        _suspended.reset(token)


def _case_id(instance) -> int | None:
    from indgang.families.models import Case
    from indgang.plans.models import PlanFollowUp, PlanVersion

    if isinstance(instance, Case):
        return instance.pk
    if isinstance(instance, PlanFollowUp | PlanVersion):
        return instance.plan.case_id
    if instance._meta.label == "interventions.Decision":  # a grant sets the welfare rhythm
        return instance.application.case_id
    return getattr(instance, "case_id", None)


def _refresh(sender, instance, raw=False, **kwargs):
    if raw or _suspended.get():
        return
    case_id = _case_id(instance)
    if case_id:
        from indgang.followup.services import due_refresh

        due_refresh(case_ids=[case_id])


def connect() -> None:
    from indgang.families.models import Case, CoordinatorAssignment
    from indgang.followup.models import CaseCadence, ContactLog, MajorChange
    from indgang.meetings.models import Agreement, Assessment, Meeting
    from indgang.plans.models import PlanFollowUp, PlanVersion

    models = (
        Case,
        CoordinatorAssignment,
        ContactLog,
        MajorChange,
        CaseCadence,
        Meeting,
        Agreement,
        Assessment,
        PlanFollowUp,
        PlanVersion,
        # By name: interventions sits above follow-up. A grant under a child-welfare basis
        # changes the rhythm and starts the investigation's deadline.
        apps.get_model("interventions", "Decision"),
    )
    for model in models:
        uid = f"followup.due_refresh.{model._meta.label}"
        post_save.connect(_refresh, sender=model, dispatch_uid=uid)
        post_delete.connect(_refresh, sender=model, dispatch_uid=uid + ".delete")
