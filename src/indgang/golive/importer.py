"""Importing a centre's existing families, one line of the file at a time.

Every write goes through families.services, so the import is held to the same rules as the
pages. Each line is all-or-nothing (a savepoint): a refused line leaves nothing behind and
the other lines go on. The whole file runs in one transaction, so a crash half-way saves
nothing; a dry run is the same run rolled back at the end, so it reports exactly what the
import would do, the later lines seeing what the earlier ones would have made.

A family is recognised by its target child's CPR number (or the old system's key): a second
run finds every family and changes nothing; a changed cell updates just that. Empty cells
never clear what Indgang holds.
"""

from dataclasses import asdict, dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from indgang.audit.services import Action, audit_record
from indgang.families import services
from indgang.families.models import Case, Family, Person
from indgang.golive import columns as c
from indgang.golive.access import may_import
from indgang.golive.models import ImportKey
from indgang.golive.parsing import Context, LineRefused, Parent, Row, parse_line

ORDER = [
    Case.Status.REFERRED,
    Case.Status.ELIGIBILITY_ASSESSED,
    Case.Status.CONSENT_GIVEN,
    Case.Status.ENROLLED,
    Case.Status.DISCHARGED,
]
IMPORTED_BY = "Overført ved import"
CONSENT_COVERS = (
    "Deltagelse i modellen og udveksling af oplysninger mellem afdelinger (overført ved import)"
)

OUTCOMES = {
    # outcome: (dry run, import)
    "create": ("Oprettes", "Oprettet"),
    "change": ("Ændres", "Ændret"),
    "unchanged": ("Uændret", "Uændret"),
    "refuse": ("Afvises", "Afvist"),
}


@dataclass
class LineResult:
    line: int
    outcome: str = "refuse"
    family: str = ""
    family_id: int | None = None  # an existing family of the centre (never a dry run's new one)
    messages: list[str] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)


@dataclass
class Report:
    dry_run: bool
    centre: str
    lines: list[LineResult]

    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(OUTCOMES, 0)
        for line in self.lines:
            counts[line.outcome] += 1
        return counts

    def as_dict(self) -> dict:
        return {
            "dry_run": self.dry_run,
            "centre": self.centre,
            "counts": self.counts(),
            "lines": [asdict(line) for line in self.lines],
        }

    def summary(self) -> str:
        n = self.counts()
        verb = "Prøvekørsel af import" if self.dry_run else "Import af familier"
        return (
            f"{verb}: {n['create']} oprettet, {n['change']} ændret, "
            f"{n['unchanged']} uændret, {n['refuse']} afvist"
        )


def import_families(*, by, centre, sheet: c.Sheet, dry_run: bool) -> Report:
    """Import (or with ``dry_run`` only check) every line; one audit event with the counts."""
    if not may_import(by, centre):
        raise ValidationError(_("Du kan ikke importere familier til dette center."))
    ctx = Context(by=by, centre=centre)
    lines = []
    with transaction.atomic():
        for number, values in sheet.rows:
            lines.append(_import_line(ctx, number, values, dry_run=dry_run))
        if dry_run:
            transaction.set_rollback(True)
    if dry_run:  # a family an earlier line would have made is gone with the rollback
        named = {line.family_id for line in lines if line.family_id}
        there = set(Family.objects.filter(pk__in=named).values_list("pk", flat=True))
        for line in lines:
            if line.family_id not in there:
                line.family_id = None
    report = Report(dry_run=dry_run, centre=centre.name, lines=lines)
    touched = sorted({line.family_id for line in lines if line.family_id})
    audit_record(
        user=by,
        action=Action.VIEW if dry_run else Action.CREATE,
        object_type="import",
        family_ids=touched,
        summary=report.summary(),
        changes={"counts": report.counts(), "lines": len(lines), "dry_run": dry_run},
    )
    return report


def _import_line(ctx: Context, number: int, values: dict, *, dry_run: bool) -> LineResult:
    result = LineResult(line=number, family=c.shown(c.text(values.get("familie")), 200))
    try:
        row = parse_line(ctx, values, number)
        with transaction.atomic():
            _apply(ctx, row, result)
    except LineRefused as refused:
        result.messages = refused.messages
        if refused.family_id is not None:
            result.family_id = refused.family_id
    except ValidationError as error:
        result.messages = _messages(error)
    if result.messages:
        result.outcome, result.changes = "refuse", []
        if (
            result.family_id is not None
            and not Family.objects.filter(pk=result.family_id, centre=ctx.centre).exists()
        ):
            result.family_id = None
    return result


def _messages(error: ValidationError, prefix: str = "", model=None) -> list[str]:
    if not hasattr(error, "error_dict"):
        return [f"{prefix}{m}" for m in error.messages]
    out = []
    for name, errors in error.error_dict.items():
        label = ""
        if model is not None and name != "__all__":
            try:
                label = f"{model._meta.get_field(name).verbose_name}: "
            except Exception:
                label = ""
        for message in ValidationError(errors).messages:
            out.append(f"{prefix}{label}{message}")
    return out


def _step(prefix: str, model, fn, *args, **kwargs):
    """Run a service; its messages say which person or step they concern."""
    try:
        return fn(*args, **kwargs)
    except ValidationError as error:
        raise LineRefused(_messages(error, prefix, model)) from None


# --- Writing one line -------------------------------------------------------------


def _apply(ctx: Context, row: Row, result: LineResult) -> None:
    family = _find_family(ctx, row)
    if family is None:
        _refuse_likely_duplicate(ctx, row)
        family = _create(ctx, row, result)
    else:
        result.family_id = family.pk
        result.family = c.shown(family.name, 200)
        _update(ctx, row, family, result)
    if row.key:
        existing = ImportKey.objects.filter(family=family).first()
        if existing is None:
            ImportKey.objects.create(centre=ctx.centre, key=row.key, family=family)
        elif existing.key != row.key:
            raise LineRefused(
                [
                    _("Familien har allerede en anden ekstern nøgle («%(k)s»).")
                    % {"k": c.shown(existing.key, 60)}
                ]
            )


def _find_family(ctx: Context, row: Row) -> Family | None:
    by_key = None
    if row.key:
        found = ImportKey.objects.filter(centre=ctx.centre, key=row.key).select_related("family")
        by_key = found.first().family if found.exists() else None
    person = Person.objects.filter(cpr=row.child_cpr).select_related("family").first()
    if person is not None and person.family.centre_id != ctx.centre.pk:
        raise LineRefused([_("Barnet: %(m)s") % {"m": services.CPR_UNAVAILABLE}])
    if person is not None and person.relation != Person.Relation.CHILD:
        raise LineRefused(
            [
                _(
                    "Barnets CPR-nummer er registreret i centret, men ikke som barn i målgruppen "
                    "(%(relation)s i %(family)s)."
                )
                % {
                    "relation": person.get_relation_display().lower(),
                    "family": c.shown(person.family.name, 200),
                }
            ],
            family_id=person.family_id,
        )
    by_cpr = person.family if person is not None else None
    if by_key is not None and by_cpr is not None and by_key.pk != by_cpr.pk:
        raise LineRefused(
            [_("Den eksterne nøgle og barnets CPR-nummer hører til to forskellige familier.")]
        )
    if by_key is not None and by_cpr is None:
        raise LineRefused(
            [
                _("Barnets CPR-nummer passer ikke til familien med den eksterne nøgle «%(k)s».")
                % {"k": c.shown(row.key, 60)}
            ]
        )
    return by_cpr


def _refuse_likely_duplicate(ctx: Context, row: Row) -> None:
    """A family registered by hand without the child's CPR number would be made twice."""
    twin = Person.objects.filter(
        family__centre=ctx.centre,
        relation=Person.Relation.CHILD,
        cpr__isnull=True,
        first_name__iexact=row.child_first,
        last_name__iexact=row.child_last,
    ).filter(Q(birth_date=row.child_born) | Q(birth_date__isnull=True))
    twin = twin.select_related("family").first()
    if twin is not None:
        raise LineRefused(
            [
                _(
                    "Dublet: %(family)s har allerede et barn med samme navn (uden CPR-nummer). "
                    "Skriv barnets CPR-nummer på personen i Indgang, og kør importen igen."
                )
                % {"family": c.shown(twin.family.name, 200)}
            ],
            family_id=twin.family_id,
        )


def _family_data(row: Row) -> dict:
    data = {
        "name": row.name,
        "municipality": row.municipality,
        "address": row.address,
        "postcode": row.postcode,
        "city": row.city,
        "language": row.language or "dansk",
        "interpreter_needed": bool(row.interpreter_needed),
    }
    if row.preferred_contact:
        data["preferred_contact"] = row.preferred_contact
    return data


def _parent_data(parent: Parent) -> dict:
    return {
        "first_name": parent.first_name,
        "last_name": parent.last_name,
        "cpr": parent.cpr,
        "relation": Person.Relation.PARENT,
        "has_custody": True if parent.has_custody is None else parent.has_custody,
        "email": parent.email,
        "phone": parent.phone,
    }


def _create(ctx: Context, row: Row, result: LineResult) -> Family:
    if row.referred_on is None:
        raise LineRefused([_("Henvisningsdatoen mangler (henvist_dato).")])
    # family_create validates every member; each person's message is prefixed with who it is.
    try:
        with transaction.atomic():
            family = services.family_create(
                by=ctx.by,
                centre=ctx.centre,
                family_data=_family_data(row),
                members=[
                    {
                        "first_name": row.child_first,
                        "last_name": row.child_last,
                        "cpr": row.child_cpr,
                        "relation": Person.Relation.CHILD,
                    }
                ],
                referred_on=row.referred_on,
                referral_source=row.referral_source[:200],
            )
    except ValidationError as error:
        raise LineRefused(_messages(error, _("Familie eller barn: "), Family)) from None
    for parent in row.parents:
        _step(
            f"{parent.label}: ",
            Person,
            services.person_create,
            by=ctx.by,
            family=family,
            data=_parent_data(parent),
        )
    case = family.cases.get()
    child = family.members.get(cpr=row.child_cpr)
    steps = _advance(ctx, row, case, child)
    result.outcome = "create"
    result.family = c.shown(family.name, 200)
    result.family_id = family.pk
    result.changes = [
        _("Ny familie med %(n)s personer") % {"n": 1 + len(row.parents)},
        _("Sag: %(s)s") % {"s": case.get_status_display()},
        *[s for s in steps if not s.startswith(_("Status"))],
    ]
    return family


def _advance(ctx: Context, row: Row, case: Case, child: Person) -> list[str]:
    """Take the case through the steps the file's status says it has had."""
    by = ctx.by
    reached = row.status
    if row.status == Case.Status.DISCHARGED:
        reached = Case.Status.ENROLLED if row.enrolled_on else Case.Status.REFERRED
    target = ORDER.index(reached)
    before = case.status
    had_coordinator = case.coordinator_assignments.filter(ended_on__isnull=True).exists()
    assessed_on = row.assessed_on or row.referred_on
    if target >= 1 and case.status == Case.Status.REFERRED:
        assessment = _step(
            _("Målgruppevurdering: "),
            None,
            services.eligibility_assess,
            by=by,
            case=case,
            child=child,
            assessed_on=assessed_on,
            judged_by=(row.judged_by or IMPORTED_BY)[:300],
            several_interventions_expected=row.several_interventions_expected,
            significant_daily_life_effect=row.significant_daily_life_effect,
            note=IMPORTED_BY,
        )
        if not assessment.eligible:
            raise LineRefused(
                [
                    _(
                        "Målgruppevurdering: barnet er uden for målgruppen efter kommunens "
                        "aldersgrænser og kriterierne, så sagen kan ikke få status %(s)s."
                    )
                    % {"s": Case.Status(row.status).label}
                ]
            )
    if target >= 2 and case.status == Case.Status.ELIGIBILITY_ASSESSED:
        giver = (
            case.family.members.filter(
                relation__in=[Person.Relation.PARENT, Person.Relation.GUARDIAN], has_custody=True
            )
            .order_by("id")
            .first()
        )
        if giver is None:
            raise LineRefused(
                [_("Samtykke: familien har ingen forælder med forældremyndighed i filen.")]
            )
        _step(
            _("Samtykke: "),
            None,
            services.consent_record,
            by=by,
            case=case,
            given_by=giver,
            given_on=row.consent_on or assessed_on,
            covers=CONSENT_COVERS,
        )
    if target >= 3 and case.status == Case.Status.CONSENT_GIVEN:
        _step(
            _("Indskrivning: "),
            None,
            services.case_enrol,
            by=by,
            case=case,
            enrolled_on=row.enrolled_on,
            coordinator=row.coordinator,
            prior_case_months=row.prior_case_months,
        )
    if (
        row.coordinator
        and case.is_open
        and not case.coordinator_assignments.filter(ended_on__isnull=True).exists()
    ):
        _step(
            _("Koordinator: "),
            None,
            services.coordinator_assign,
            by=by,
            case=case,
            coordinator=row.coordinator,
            started_on=row.enrolled_on or row.referred_on,
        )
    if row.status == Case.Status.DISCHARGED and case.status != Case.Status.DISCHARGED:
        _step(
            _("Udskrivning: "),
            None,
            services.case_discharge,
            by=by,
            case=case,
            discharged_on=row.discharged_on,
            reason=row.discharge_reason,
            note=IMPORTED_BY,
        )
    changes = []
    if case.status != before:
        changes.append(
            _("Status: %(a)s → %(b)s")
            % {"a": Case.Status(before).label, "b": case.get_status_display()}
        )
    if row.coordinator and not had_coordinator:
        changes.append(_("Koordinator: %(c)s") % {"c": row.coordinator})
    return changes


def _update(ctx: Context, row: Row, family: Family, result: LineResult) -> None:
    from indgang.golive.services import case_details_update

    changes: list[str] = []
    # The family's own fields; an empty cell keeps what Indgang has.
    data = {}
    wanted = {
        "name": row.name,
        "municipality_id": row.municipality.pk,
        "address": row.address,
        "postcode": row.postcode,
        "city": row.city,
        "language": row.language,
        "interpreter_needed": row.interpreter_needed,
        "preferred_contact": row.preferred_contact,
    }
    for name, value in wanted.items():
        if value in (None, ""):
            continue
        if getattr(family, name) != value:
            data[name] = value
    if data:
        _step("", Family, services.family_update, by=ctx.by, family=family, data=data)
        changes.append(
            _("Familie: %(f)s")
            % {
                "f": ", ".join(
                    str(Family._meta.get_field(n.removesuffix("_id")).verbose_name) for n in data
                )
            }
        )
        result.family = c.shown(family.name, 200)

    child = family.members.get(cpr=row.child_cpr)
    changes += _update_person(
        ctx,
        child,
        {"first_name": row.child_first, "last_name": row.child_last},
        _("Barnet"),
    )
    for parent in row.parents:
        existing = _match_parent(family, parent)
        if existing is None:
            _step(
                f"{parent.label}: ",
                Person,
                services.person_create,
                by=ctx.by,
                family=family,
                data=_parent_data(parent),
            )
            changes.append(_("%(who)s: ny i familien") % {"who": parent.label})
            continue
        data = {
            "first_name": parent.first_name,
            "last_name": parent.last_name,
            "email": parent.email,
            "phone": parent.phone,
            "has_custody": parent.has_custody,
        }
        if parent.cpr and not existing.cpr:
            data["cpr"] = parent.cpr
        changes += _update_person(ctx, existing, data, parent.label)

    case = family.cases.open().first() or family.cases.order_by("-referred_on", "-id").first()
    if case is None:
        raise LineRefused([_("Familien har ingen sag i Indgang.")])
    changes += _update_case(ctx, row, case, child)
    # The free-text and number fields of the case; dates are history and are not rewritten.
    details = {}
    if row.referral_source and row.referral_source[:200] != case.referral_source:
        details["referral_source"] = row.referral_source[:200]
    if row.prior_case_months is not None and row.prior_case_months != case.prior_case_months:
        details["prior_case_months"] = row.prior_case_months
    if details:
        _step("", Case, case_details_update, by=ctx.by, case=case, data=details)
        changes.append(
            _("Sag: %(f)s")
            % {"f": ", ".join(str(Case._meta.get_field(n).verbose_name) for n in details)}
        )
    result.changes = changes
    result.outcome = "change" if changes else "unchanged"


def _match_parent(family: Family, parent: Parent) -> Person | None:
    adults = family.members.filter(
        relation__in=[Person.Relation.PARENT, Person.Relation.GUARDIAN]
    ).order_by("id")
    if parent.cpr:
        found = family.members.filter(cpr=parent.cpr).first()
        if found is not None:
            return found
    return (
        adults.filter(first_name__iexact=parent.first_name, last_name__iexact=parent.last_name)
        .filter(Q(cpr__isnull=True) | Q(cpr=parent.cpr or ""))
        .first()
    )


def _update_person(ctx: Context, person: Person, data: dict, who: str) -> list[str]:
    changed = {
        name: value
        for name, value in data.items()
        if value not in (None, "") and getattr(person, name) != value
    }
    if not changed:
        return []
    _step(f"{who}: ", Person, services.person_update, by=ctx.by, person=person, data=changed)
    labels = ", ".join(str(Person._meta.get_field(n).verbose_name) for n in changed)
    return [_("%(who)s: %(f)s") % {"who": who, "f": labels}]


def _fmt(d: date | None) -> str:
    return f"{d:%d.%m.%Y}" if d else "-"


def _update_case(ctx: Context, row: Row, case: Case, child: Person) -> list[str]:
    problems = []
    if case.referred_on != row.referred_on:
        problems.append(
            _("Henvisningsdatoen %(f)s afviger fra Indgangs %(i)s; datoer rettes ikke ved import.")
            % {"f": _fmt(row.referred_on), "i": _fmt(case.referred_on)}
        )
    if row.enrolled_on and case.enrolled_on and row.enrolled_on != case.enrolled_on:
        problems.append(
            _(
                "Indskrivningsdatoen %(f)s afviger fra Indgangs %(i)s; datoer rettes ikke ved "
                "import."
            )
            % {"f": _fmt(row.enrolled_on), "i": _fmt(case.enrolled_on)}
        )
    both_discharged = case.status == row.status == Case.Status.DISCHARGED
    if both_discharged and (
        row.discharged_on != case.discharged_on or row.discharge_reason != case.discharge_reason
    ):
        problems.append(_("Udskrivningen afviger fra Indgangs; den rettes ikke ved import."))
    if ORDER.index(row.status) < ORDER.index(case.status):
        problems.append(
            _(
                "Sagen er længere i Indgang (%(i)s) end i filen (%(f)s); status går ikke "
                "tilbage ved import."
            )
            % {"i": case.get_status_display(), "f": Case.Status(row.status).label}
        )
    current = case.coordinator_assignments.filter(ended_on__isnull=True).first()
    if row.coordinator and current and current.coordinator_id != row.coordinator.pk:
        problems.append(
            _(
                "Familien har en anden koordinator i Indgang; skift koordinator med en "
                "overlevering i Indgang."
            )
        )
    if problems:
        raise LineRefused(problems)
    if current is None and not case.is_open:
        return []  # a discharged case keeps its history
    return _advance(ctx, row, case, child)
