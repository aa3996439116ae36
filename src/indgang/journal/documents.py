"""A family's record as the documents a journal and archive system files.

Each document is one PDF/A file with its index (journal/export.py writes both): the contact log
of each case, the minutes of each meeting that has minutes or decisions, each ICS assessment,
each agreed version of the joint plan, and each decision (the decision letter itself, made by
interventions/letters.py). The texts are read here once, in a constant number of queries, and
rendered by one fixed template (journal/document.html); the decision letter reuses the letter
renderer so the archive holds the letter the family received.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.template.loader import render_to_string

from indgang.core.templatetags.indgang_format import family_label, table_date, text_date
from indgang.families.models import Case, Family, Person
from indgang.followup.models import ContactLog
from indgang.interventions.models import Decision
from indgang.meetings.models import DIMENSIONS_BY_SIDE, Assessment, Dimension, Meeting, Side
from indgang.plans.models import PlanVersion

# document_type: the Danish label journal systems show (the index carries both).
DOCUMENT_TYPES = {
    "kontaktlog": "Kontaktlog",
    "referat": "Mødereferat",
    "udredning": "Udredning (ICS)",
    "plan": "Fælles plan",
    "afgoerelse": "Afgørelse",
}
_ORDER = list(DOCUMENT_TYPES)


@dataclass
class Section:
    heading: str
    paragraphs: list[str] = field(default_factory=list)
    rows: list[tuple[str, str]] = field(default_factory=list)
    items: list[str] = field(default_factory=list)


@dataclass
class JournalDocument:
    document_type: str  # a key of DOCUMENT_TYPES
    title: str
    on: date
    case: Case
    persons: list[Person]
    source_model: str  # "app_label.model", for machines
    source_ids: list[int]
    sections: list[Section] = field(default_factory=list)
    decision: Decision | None = None
    filename: str = ""  # set when the export numbers the documents

    @property
    def type_label(self) -> str:
        return DOCUMENT_TYPES[self.document_type]

    @property
    def sort_key(self):
        return (self.on, _ORDER.index(self.document_type), self.source_ids[:1])


def _staff(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def _signed(observation) -> str:
    return ", ".join(filter(None, [_staff(observation.author), observation.discipline]))


def case_label(case: Case) -> str:
    return f"sag-{case.pk}"


def _contact_logs(cases, household) -> list[JournalDocument]:
    by_case: dict[int, list[ContactLog]] = defaultdict(list)
    for contact in (
        ContactLog.objects.filter(case__in=cases).select_related("by").order_by("on", "pk")
    ):
        by_case[contact.case_id].append(contact)
    documents = []
    for case in cases:
        contacts = by_case.get(case.pk)
        if not contacts:
            continue
        sections = [
            Section(
                heading=f"{table_date(c.on)} · {c.get_form_display()} med {c.with_whom}",
                rows=[
                    ("Initiativ", c.get_initiative_display()),
                    ("Registreret af", _staff(c.by)),
                ],
                paragraphs=[c.summary] if c.summary else [],
            )
            for c in contacts
        ]
        documents.append(
            JournalDocument(
                document_type="kontaktlog",
                title=f"Kontaktlog {table_date(contacts[0].on)}–{table_date(contacts[-1].on)}",
                on=contacts[-1].on,
                case=case,
                persons=household,
                source_model="followup.contactlog",
                source_ids=[c.pk for c in contacts],
                sections=sections,
            )
        )
    return documents


def _minutes(cases, household) -> list[JournalDocument]:
    meetings = (
        Meeting.objects.filter(case__in=cases)
        .exclude(minutes="", decisions="")
        .prefetch_related("participants__person", "participants__user")
        .order_by("starts_at", "pk")
    )
    documents = []
    by_pk = {c.pk: c for c in cases}
    for meeting in meetings:
        on = meeting.starts_at.date() if meeting.starts_at else meeting.created_at.date()
        participants = list(meeting.participants.all())
        named = [p.person for p in participants if p.person_id]
        sections = [
            Section(
                heading="Mødet",
                rows=[
                    ("Mødetype", meeting.get_type_display()),
                    ("Tidspunkt", text_date(meeting.starts_at) if meeting.starts_at else ""),
                    ("Sted", "Hjemmebesøg" if meeting.home_visit else meeting.place),
                    ("Anledning", meeting.reason),
                ],
            ),
            Section(
                heading="Deltagere",
                items=[
                    p.display_name
                    + (f" ({p.role})" if p.role else "")
                    + ("" if p.attended is not False else " – deltog ikke")
                    for p in participants
                ],
            ),
        ]
        if meeting.minutes:
            sections.append(Section(heading="Referat", paragraphs=[meeting.minutes]))
        if meeting.decisions:
            sections.append(Section(heading="Beslutninger", paragraphs=[meeting.decisions]))
        documents.append(
            JournalDocument(
                document_type="referat",
                title=f"Referat: {meeting.get_type_display()} {table_date(on)}",
                on=on,
                case=by_pk[meeting.case_id],
                persons=named or household,
                source_model="meetings.meeting",
                source_ids=[meeting.pk],
                sections=sections,
            )
        )
    return documents


def _assessments(cases, household) -> list[JournalDocument]:
    by_pk = {c.pk: c for c in cases}
    documents = []
    for assessment in (
        Assessment.objects.filter(case__in=cases)
        .prefetch_related("entries", "wishes", "observations__author")
        .order_by("assessed_on", "pk")
    ):
        entries = {e.dimension: e for e in assessment.entries.all()}
        observations = defaultdict(list)
        for observation in assessment.observations.all():
            observations[observation.side].append(observation)
        sections = []
        for side, dimensions in DIMENSIONS_BY_SIDE.items():
            # The core team's signed observations on this side, with name and discipline.
            rows = [(f"{o.get_kind_display()} ({_signed(o)})", o.text) for o in observations[side]]
            for dimension in dimensions:
                entry = entries.get(dimension)
                if entry is None:
                    continue
                for label, text in (
                    ("ressourcer (familien)", entry.family_resources),
                    ("bekymringer (familien)", entry.family_concerns),
                    ("ressourcer (fagpersoner)", entry.professional_resources),
                    ("bekymringer (fagpersoner)", entry.professional_concerns),
                ):
                    if text:
                        rows.append((f"{Dimension(dimension).label}: {label}", text))
            if rows:
                sections.append(Section(heading=str(Side(side).label), rows=rows))
        wishes = sorted(assessment.wishes.all(), key=lambda w: w.priority)
        if wishes:
            sections.append(
                Section(
                    heading="Familiens ønsker i prioriteret rækkefølge",
                    items=[f"{w.priority}. {w.text}" for w in wishes],
                )
            )
        if assessment.summary:
            sections.append(Section(heading="Samlet vurdering", paragraphs=[assessment.summary]))
        documents.append(
            JournalDocument(
                document_type="udredning",
                title=f"Tværfaglig udredning (ICS) {table_date(assessment.assessed_on)}",
                on=assessment.assessed_on,
                case=by_pk[assessment.case_id],
                persons=household,
                source_model="meetings.assessment",
                source_ids=[assessment.pk],
                sections=sections,
            )
        )
    return documents


def _plan_versions(cases, household) -> list[JournalDocument]:
    by_pk = {c.pk: c for c in cases}
    documents = []
    for version in (
        PlanVersion.objects.filter(plan__case__in=cases)
        .select_related("plan", "agreed_by", "recorded_by")
        .order_by("agreed_on", "number")
    ):
        sections = [
            Section(
                heading="Godkendelse",
                rows=[
                    ("Version", str(version.number)),
                    ("Godkendt den", text_date(version.agreed_on)),
                    ("Godkendt af", version.agreed_by.full_name),
                    ("Registreret af", _staff(version.recorded_by)),
                    ("Bemærkning", version.note),
                ],
            )
        ]
        for goal in version.snapshot.get("goals", []):
            target = goal.get("target_date") or ""
            rows = [
                ("Med familiens egne ord", goal.get("family_words", "")),
                ("Sådan ved vi, at målet er nået", goal.get("success_criteria", "")),
                ("Hvornår", text_date(date.fromisoformat(target)) if target else ""),
                (
                    "Hvem gør det",
                    ", ".join([*goal.get("owners", []), goal.get("owners_text", "")]).strip(", "),
                ),
            ]
            items = [f"Skridt: {s}" for s in goal.get("subgoals", [])]
            items += [f"Aktivitet: {a}" for a in goal.get("activities", [])]
            sections.append(
                Section(
                    heading=f"Mål {goal.get('position', '')}: {goal.get('wording', '')}",
                    rows=rows,
                    items=items,
                )
            )
        documents.append(
            JournalDocument(
                document_type="plan",
                title=f"Fælles plan, version {version.number} ({table_date(version.agreed_on)})",
                on=version.agreed_on,
                case=by_pk[version.plan.case_id],
                persons=[version.agreed_by, *(p for p in household if p != version.agreed_by)],
                source_model="plans.planversion",
                source_ids=[version.pk],
                sections=sections,
            )
        )
    return documents


def _decisions(cases, family, household) -> list[JournalDocument]:
    by_pk = {c.pk: c for c in cases}
    documents = []
    for decision in (
        Decision.objects.filter(family=family)
        .select_related(
            "intervention_type",
            "legal_basis",
            "application__person",
            "application__case",
            "family",
            "municipality",
            "decided_by",
        )
        .prefetch_related("family__members")
    ):
        applicant = decision.application.person
        name = decision.intervention_type.name
        documents.append(
            JournalDocument(
                document_type="afgoerelse",
                title=f"Afgørelse om {name[:1].lower() + name[1:]}: "
                f"{str(decision.get_outcome_display()).lower()}",
                on=decision.decided_on,
                case=by_pk[decision.application.case_id],
                persons=[applicant] if applicant else household,
                source_model="interventions.decision",
                source_ids=[decision.pk],
                decision=decision,
                sections=[
                    Section(
                        heading="Afgørelsen",
                        rows=[
                            ("Indsats", name),
                            ("Afgørelse", decision.get_outcome_display()),
                            ("Hjemmel", str(decision.legal_basis)),
                            ("Afgjort af", _staff(decision.decided_by)),
                        ],
                        paragraphs=[decision.justification],
                    )
                ],
            )
        )
    return documents


def family_documents(family: Family) -> list[JournalDocument]:
    """Every document of the family's record, oldest first; the caller checked access."""
    cases = list(family.cases.order_by("referred_on", "pk"))
    household = list(family.members.order_by("pk"))
    documents = [
        *_contact_logs(cases, household),
        *_minutes(cases, household),
        *_assessments(cases, household),
        *_plan_versions(cases, household),
        *_decisions(cases, family, household),
    ]
    documents.sort(key=lambda d: d.sort_key)
    return documents


def document_html(document: JournalDocument, *, family: Family) -> str:
    return render_to_string(
        "journal/document.html",
        {
            "document": document,
            "family_name": family_label(family.name),
            "municipality": family.municipality.name,
            "case": case_label(document.case),
            "date": text_date(document.on),
            "persons": ", ".join(p.full_name for p in document.persons),
        },
    )
