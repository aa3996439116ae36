"""The cadence rules as plain functions of dates (no database), so they can be tested at
their edges and applied in bulk.

Definitions (docs/followup.md):

- **Next contact due** with a monthly contact cadence: the family must be contacted in every
  calendar month, so after a contact in month M the next one is due by the end of month
  M + 1 (with "every n months": M + n). The due date is the *last working day* of that
  month (Danish public holidays counted), since nobody phones a family on Easter Monday.
  Before the first contact, enrolment counts as the last contact.
- **Next follow-up due**: the latest plan follow-up (or enrolment, or the latest major
  change, whichever is later) plus the interval (3 months, or 6 weeks in child-welfare cases
  under "Sammen om familien"). Months are calendar months; a day that does not exist in the
  target month becomes that month's last day (31 August + 3 months = 30 November; 30
  November + 3 months = 28 or 29 February). A due date that falls on a weekend or holiday
  moves back to the working day before.
- **Overdue**: today is after the due date.
- **Child-welfare rhythm**: a case is a child-welfare case while a grant under a child-welfare
  basis (``CHILD_WELFARE_BASES``: the investigation and the supporting measures, under
  Serviceloven before 2024 and Barnets lov after) runs; the profile's welfare interval (6
  weeks under "Sammen om familien") then applies. No checkbox: it follows from the grants.
- **Investigation deadline**: a child-welfare investigation (``INVESTIGATION_BASES``) started
  on X must be finished by X + 4 months (calendar months, as above); it is overdue after that
  while the investigation's grant has not ended.
"""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from indgang.core.holidays import working_day_on_or_before

MONTHS = "months"
WEEKS = "weeks"

# (act, paragraph) as in the legal-basis catalogue (interventions.LegalBasis, docs/legal-bases.md).
INVESTIGATION_BASES = (("serviceloven", "§ 50"), ("barnets_lov", "§ 20"))
CHILD_WELFARE_BASES = (
    *INVESTIGATION_BASES,
    ("serviceloven", "§ 52, stk. 3"),
    ("barnets_lov", "§ 32"),
)
INVESTIGATION_MONTHS = 4


def investigation_due(started_on: date | None) -> date | None:
    """The day a child-welfare investigation started on ``started_on`` must be finished."""
    return add_months(started_on, INVESTIGATION_MONTHS) if started_on else None


def add_months(day: date, months: int) -> date:
    """Calendar months later, clipped to the target month's last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def month_end(day: date) -> date:
    return date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])


def add_interval(day: date, every: int, unit: str) -> date:
    if unit == WEEKS:
        return day + timedelta(weeks=every)
    return add_months(day, every)


@dataclass(frozen=True)
class Cadence:
    """The effective cadence of one case."""

    contact_every_months: int | None
    followup_every: int
    followup_unit: str
    profile_name: str = ""

    def describe(self) -> str:
        parts = []
        if self.contact_every_months == 1:
            parts.append("kontakt hver måned")
        elif self.contact_every_months:
            parts.append(f"kontakt mindst hver {self.contact_every_months}. måned")
        unit = "måned" if self.followup_unit == MONTHS else "uge"
        parts.append(f"opfølgning på planen mindst hver {self.followup_every}. {unit}")
        return ", ".join(parts)


DEFAULT = Cadence(contact_every_months=1, followup_every=3, followup_unit=MONTHS)


def effective_cadence(profile, override=None, *, child_welfare: bool = False) -> Cadence:
    """Profile (the municipality's, or the family's own) with the family's adjustments."""
    if override is not None and override.profile is not None:
        profile = override.profile
    if profile is None:
        return DEFAULT
    welfare = child_welfare or bool(override and override.child_welfare)
    every, unit = profile.followup_every, profile.followup_unit
    if welfare and profile.welfare_followup_every:
        every, unit = profile.welfare_followup_every, profile.welfare_followup_unit
    contact = profile.contact_every_months
    if override is not None and override.contact_every_months:
        contact = override.contact_every_months
    return Cadence(contact, every, unit, profile.name)


def next_contact_due(last_contact: date | None, enrolled_on: date, every_months: int | None):
    """The last working day of the calendar month by which the next contact must happen."""
    if not every_months:
        return None
    base = max(d for d in (last_contact, enrolled_on) if d is not None)
    return working_day_on_or_before(month_end(add_months(base.replace(day=1), every_months)))


def next_followup_due(base: date, cadence: Cadence) -> date:
    """``base`` is the latest follow-up, enrolment or major change, whichever is latest."""
    return working_day_on_or_before(
        add_interval(base, cadence.followup_every, cadence.followup_unit)
    )
