"""Generate a synthetic municipality landscape at a given scale, through bulk inserts.

Everything is made up (names, CPR numbers, cases) from a fixed random seed, so two runs at
the same scale produce the same data. Ids are assigned here rather than by the database so
rows can refer to each other without reading anything back; sequences are reset afterwards.

Most tables go in with Django's bulk_create. The audit log (millions of rows) goes in with
PostgreSQL's COPY or SQLite's executemany in large transactions, with its secondary indexes
dropped during the load and rebuilt afterwards, as one would load any large table.
"""

import json
import random
import sys
import time
from bisect import bisect
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta

from django.contrib.auth.hashers import make_password
from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import timezone

from bench import names
from bench.scales import Scale
from indgang.audit.models import AuditEvent, AuditPerson
from indgang.core.cpr import age_on
from indgang.families.models import (
    Case,
    CaseStatusChange,
    Consent,
    CoordinatorAssignment,
    Custody,
    EligibilityAssessment,
    ExternalCase,
    Family,
    Handover,
    PartnerLink,
    Person,
)
from indgang.organisation.models import (
    Centre,
    CoreTeamMembership,
    Department,
    Municipality,
    Role,
    User,
)

SEED = 20260101
BENCH_PASSWORD = "bench-password-not-secret"
MARKER_TABLE = "bench_marker"

S = Case.Status
STATUS_ORDER = [S.REFERRED, S.ELIGIBILITY_ASSESSED, S.CONSENT_GIVEN, S.ENROLLED]
# Share of each status for a family's newest case.
STATUS_WEIGHTS = [
    (S.ENROLLED, 0.82),
    (S.DISCHARGED, 0.08),
    (S.REFERRED, 0.05),
    (S.ELIGIBILITY_ASSESSED, 0.03),
    (S.CONSENT_GIVEN, 0.02),
]
REFERRAL_SOURCES = [
    "Sundhedsplejen",
    "Hospitalet",
    "Dagtilbuddet",
    "Forældrene selv",
    "Egen læge",
    "Børne- og familierådgivningen",
]


def log(message: str) -> None:
    print(f"  [generate] {message}", file=sys.stderr, flush=True)


class Timings:
    """Rows and seconds per table, for the results file."""

    def __init__(self):
        self.tables: dict[str, dict] = {}
        self.started = time.perf_counter()

    def record(self, table: str, rows: int, seconds: float) -> None:
        entry = self.tables.setdefault(table, {"rows": 0, "seconds": 0.0})
        entry["rows"] += rows
        entry["seconds"] += seconds
        entry["rows_per_s"] = (
            round(entry["rows"] / entry["seconds"]) if entry["rows"] and entry["seconds"] else None
        )
        log(f"{table}: {rows:,} rows in {seconds:.1f} s")

    def as_dict(self) -> dict:
        return {
            "total_seconds": round(time.perf_counter() - self.started, 1),
            "tables": {
                name: {**t, "seconds": round(t["seconds"], 2)} for name, t in self.tables.items()
            },
        }


def _bulk(timings: Timings, model, objs: list, *, batch_size: int = 2000) -> None:
    started = time.perf_counter()
    with transaction.atomic():
        model.objects.bulk_create(objs, batch_size=batch_size)
    timings.record(model._meta.db_table, len(objs), time.perf_counter() - started)


def _split(total: int, weights: list[float], minimum: int = 0) -> list[int]:
    """Split total into integer parts proportional to weights (largest remainder)."""
    base = minimum * len(weights)
    rest = max(total - base, 0)
    wsum = sum(weights) or 1
    raw = [rest * w / wsum for w in weights]
    parts = [int(r) for r in raw]
    short = rest - sum(parts)
    for i in sorted(range(len(raw)), key=lambda i: raw[i] - parts[i], reverse=True)[:short]:
        parts[i] += 1
    return [p + minimum for p in parts]


class CPRs:
    """Unique synthetic CPR numbers with a valid date and century digit."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.seen: set[str] = set()

    def for_birth(self, born: date) -> str:
        if 1900 <= born.year <= 1999:
            first_digits = "0123"
        elif 2000 <= born.year <= 2036:
            first_digits = "456789"
        else:  # pragma: no cover - the generator never makes such dates
            raise ValueError(born)
        prefix = born.strftime("%d%m%y")
        while True:
            number = f"{prefix}{self.rng.choice(first_digits)}{self.rng.randrange(1000):03d}"
            if number not in self.seen:
                self.seen.add(number)
                return number


def _at(day: date, hour: int = 9) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def _years_ago(rng, today: date, low: float, high: float) -> date:
    return today - timedelta(days=int(rng.uniform(low, high) * 365.25))


# --------------------------------------------------------------------------- organisation


def _organisation(scale: Scale, rng: random.Random, t: Timings, today: date) -> dict:
    munis = names.MUNICIPALITIES[: scale.municipalities]
    municipalities = [
        Municipality(id=i + 1, code=code, name=name) for i, (code, name) in enumerate(munis)
    ]
    _bulk(t, Municipality, municipalities)

    # Centres: the large municipality alone; Ishøj and Vallensbæk together; the rest one or two
    # municipalities per centre, as municipalities do when they run the model together.
    groups = [[0]]
    if len(munis) >= 3:
        groups.append([1, 2])
        rest = list(range(3, len(munis)))
    else:
        rest = list(range(1, len(munis)))
    rng.shuffle(rest)
    while rest:
        take = 2 if len(rest) >= 2 and rng.random() < 0.5 else 1
        groups.append(sorted(rest[:take]))
        rest = rest[take:]
    centres = []
    through = []
    muni_centre = {}
    for c, group in enumerate(groups):
        label = " og ".join(munis[i][1] for i in group)
        centres.append(Centre(id=c + 1, name=f"Familieindgang {label}", caseload_target=22))
        for i in group:
            through.append(Centre.municipalities.through(centre_id=c + 1, municipality_id=i + 1))
            muni_centre[i + 1] = c + 1
    _bulk(t, Centre, centres)
    _bulk(t, Centre.municipalities.through, through)

    departments = []
    dept_by_muni: dict[int, list[int]] = defaultdict(list)
    for m in municipalities:
        for name, sector in names.DEPARTMENTS:
            did = len(departments) + 1
            departments.append(
                Department(
                    id=did,
                    municipality_id=m.id,
                    centre_id=muni_centre[m.id] if sector == "children" else None,
                    name=name,
                    sector=sector,
                )
            )
            if sector != "children":
                dept_by_muni[m.id].append(did)
    _bulk(t, Department, departments)
    return {
        "municipalities": municipalities,
        "groups": groups,
        "muni_centre": muni_centre,
        "centre_ids": [c.id for c in centres],
        "dept_by_muni": dept_by_muni,
    }


def _staff(scale, rng, t, org, families_per_centre: dict[int, int]) -> dict:
    centre_ids = org["centre_ids"]
    n_centres = len(centre_ids)
    n_special = max(1, round(scale.staff * 0.004))
    rest = scale.staff - 2 * n_special - 2 * n_centres
    n_coord = round(rest * 0.58)
    n_core = round(rest * 0.22)
    n_partner = rest - n_coord - n_core
    weights = [families_per_centre.get(c, 0) for c in centre_ids]
    per_centre = {
        Role.COORDINATOR: _split(n_coord, weights, minimum=1),
        Role.CORE_TEAM: _split(n_core, weights, minimum=1),
        Role.PARTNER: _split(n_partner, weights, minimum=1),
        Role.LEADER: [1] * n_centres,
        Role.PROJECT_LEADER: [1] * n_centres,
    }
    password = make_password(BENCH_PASSWORD)  # hashed once: hashing 1,500 times takes minutes
    users: list[User] = []
    by_role_centre: dict[tuple[str, int | None], list[int]] = defaultdict(list)
    centre_munis = {c: [m for m, cc in org["muni_centre"].items() if cc == c] for c in centre_ids}

    def add(role, centre_id, department_id=None):
        uid = len(users) + 1
        first = rng.choice(names.FIRST_ADULT)
        last = rng.choice(names.LAST)
        users.append(
            User(
                id=uid,
                username=f"{role.replace('_', '')}{uid:04d}",
                password=password,
                first_name=first,
                last_name=last,
                email=f"{role.replace('_', '')}{uid:04d}@bench.invalid",
                role=role,
                profession=rng.choice(names.PROFESSIONS[role]),
                centre_id=centre_id,
                department_id=department_id,
                is_staff=role == Role.SYSADMIN,
                is_active=True,
            )
        )
        by_role_centre[(role, centre_id)].append(uid)
        return uid

    for role, counts in per_centre.items():
        for c, count in zip(centre_ids, counts, strict=True):
            for _ in range(count):
                dept = None
                if role == Role.PARTNER:
                    dept = rng.choice(org["dept_by_muni"][rng.choice(centre_munis[c])])
                add(role, c, dept)
    for _ in range(n_special):
        add(Role.SYSADMIN, None)
    for i in range(n_special):
        # A DPO oversees the municipalities of their centre (oversight/access.py).
        add(Role.DPO, centre_ids[i % len(centre_ids)])
    _bulk(t, User, users)

    memberships = []
    for c in centre_ids:
        for uid in by_role_centre[(Role.CORE_TEAM, c)]:
            kind = (
                CoreTeamMembership.Kind.FIXED
                if rng.random() < 0.75
                else CoreTeamMembership.Kind.FLEXIBLE
            )
            memberships.append(
                CoreTeamMembership(id=len(memberships) + 1, centre_id=c, user_id=uid, kind=kind)
            )
    _bulk(t, CoreTeamMembership, memberships)
    return {"users": users, "by_role_centre": by_role_centre}


# --------------------------------------------------------------------------- families


def _pick_status(rng) -> str:
    r = rng.random()
    acc = 0.0
    for status, weight in STATUS_WEIGHTS:
        acc += weight
        if r < acc:
            return status
    return S.ENROLLED


def _family_plan(scale: Scale, rng, org) -> list[dict]:
    """Which municipality, status and household size each family gets."""

    def one(muni_id):
        r = rng.random()
        return {
            "muni": muni_id,
            "centre": org["muni_centre"][muni_id],
            "status": _pick_status(rng),
            "children": 1 if r < 0.78 else (2 if r < 0.98 else 3),
            "parents": 2 if rng.random() < 0.7 else 1,
            "siblings": 0,
        }

    plan = []
    enrolled_children = 0
    while enrolled_children < scale.big_municipality_children:
        fam = one(1)
        plan.append(fam)
        if fam["status"] == S.ENROLLED:
            enrolled_children += fam["children"]
    others = [m.id for m in org["municipalities"][1:]]
    weights = [rng.uniform(0.3, 1.7) for _ in others]
    for muni_id in rng.choices(others, weights=weights, k=scale.families - len(plan)):
        plan.append(one(muni_id))
    base = sum(f["children"] + f["parents"] for f in plan)
    for _ in range(max(scale.persons - base, 0)):
        rng.choice(plan)["siblings"] += 1
    return plan


def _families(scale: Scale, rng, t: Timings, org, staff, plan, today: date) -> dict:
    cprs = CPRs(rng)
    by_rc = staff["by_role_centre"]
    users_by_id = {u.id: u for u in staff["users"]}
    families, persons, cases, changes, eligibility, consents = [], [], [], [], [], []
    assignments, handovers, links, externals = [], [], [], []
    fam_persons: dict[int, list[int]] = {}
    fam_case: dict[int, int] = {}
    centre_families: dict[int, list[int]] = defaultdict(list)
    coord_open: dict[int, list[int]] = defaultdict(list)
    partner_families: dict[int, list[int]] = defaultdict(list)
    enrolled_families: set[int] = set()
    muni_names = {m.id: m.name for m in org["municipalities"]}

    def person(fid, relation, born, first, last, custody=False):
        pid = len(persons) + 1
        persons.append(
            Person(
                id=pid,
                family_id=fid,
                first_name=first,
                last_name=last,
                cpr=cprs.for_birth(born),
                birth_date=born,
                relation=relation,
                has_custody=custody,
                phone=f"{rng.randrange(20000000, 99999999)}" if relation == "parent" else "",
            )
        )
        return pid

    def status_change(case_id, frm, to, on, by):
        changes.append(
            CaseStatusChange(
                id=len(changes) + 1,
                case_id=case_id,
                from_status=frm,
                to_status=to,
                on=on,
                at=_at(on),
                by_id=by,
            )
        )

    def make_case(fid, centre, status, referred_on, children, parent_ids, *, coordinator):
        """One case with its whole history up to its status; returns (case id, coordinator)."""
        cid = len(cases) + 1
        assessed_on = referred_on + timedelta(days=rng.randint(1, 5))
        consent_on = assessed_on + timedelta(days=rng.randint(1, 5))
        enrolled_on = discharged_on = None
        reason = ""
        step = STATUS_ORDER.index(status) if status != S.DISCHARGED else 4
        if step >= 3:
            enrolled_on = min(referred_on + timedelta(days=rng.randint(10, 45)), today)
        if status == S.DISCHARGED:
            discharged_on = min(enrolled_on + timedelta(days=rng.randint(60, 700)), today)
            reason = rng.choice(
                ["moved_away", "case_closed", "case_closed", "aged_out", "consent_withdrawn"]
            )
        leader = by_rc[(Role.LEADER, centre)][0]
        recorder = coordinator or leader
        ages = [age_on(born, enrolled_on) for _pid, born in children] if enrolled_on else []
        cases.append(
            Case(
                id=cid,
                family_id=fid,
                centre_id=centre,
                status=status,
                referred_on=referred_on,
                referral_source=rng.choice(REFERRAL_SOURCES),
                enrolled_on=enrolled_on,
                age_at_enrolment=max(min(ages), 0) if ages else None,
                prior_case_months=rng.randint(0, 36) if rng.random() < 0.4 else None,
                discharged_on=discharged_on,
                discharge_reason=reason,
            )
        )
        status_change(cid, "", S.REFERRED, referred_on, recorder)
        if step >= 1:
            status_change(cid, S.REFERRED, S.ELIGIBILITY_ASSESSED, assessed_on, recorder)
            for pid, born in children:
                age = age_on(born, assessed_on)
                automatic = age <= 1
                eligibility.append(
                    EligibilityAssessment(
                        id=len(eligibility) + 1,
                        case_id=cid,
                        child_id=pid,
                        assessed_on=assessed_on,
                        age_at_assessment=max(age, 0),
                        automatic=automatic,
                        several_interventions_expected=None if automatic else True,
                        significant_daily_life_effect=None if automatic else True,
                        eligible=True,
                        judged_by="Kerneteamet",
                        recorded_by_id=recorder,
                    )
                )
        if step >= 2:
            status_change(cid, S.ELIGIBILITY_ASSESSED, S.CONSENT_GIVEN, consent_on, recorder)
            consents.append(
                Consent(
                    id=len(consents) + 1,
                    case_id=cid,
                    given_by_id=parent_ids[0],
                    given_on=consent_on,
                    covers="Deltagelse i modellen og udveksling af oplysninger mellem afdelinger",
                    withdrawn_on=discharged_on if reason == "consent_withdrawn" else None,
                    recorded_by_id=recorder,
                )
            )
        if step >= 3:
            status_change(cid, S.CONSENT_GIVEN, S.ENROLLED, enrolled_on, recorder)
        if step >= 4:
            status_change(cid, S.ENROLLED, S.DISCHARGED, discharged_on, recorder)

        # Coordinators: from consent on, and for half of the earlier cases already.
        if coordinator and (step >= 2 or rng.random() < 0.5):
            started = min(consent_on if step >= 2 else referred_on + timedelta(days=1), today)
            current_start = started
            coords = by_rc[(Role.COORDINATOR, centre)]
            if (
                step == 3
                and len(coords) > 1
                and (today - started).days > 60
                and rng.random() < 0.15
            ):
                previous = rng.choice([c for c in coords if c != coordinator])
                current_start = started + timedelta(days=rng.randint(30, (today - started).days))
                assignments.append(
                    CoordinatorAssignment(
                        id=len(assignments) + 1,
                        case_id=cid,
                        coordinator_id=previous,
                        started_on=started,
                        ended_on=current_start,
                        assigned_by_id=leader,
                    )
                )
                handovers.append(
                    Handover(
                        id=len(handovers) + 1,
                        case_id=cid,
                        from_coordinator_id=previous,
                        to_coordinator_id=coordinator,
                        situation_and_wishes="Familien ønsker ro omkring skoleskiftet.",
                        plan_status="Planen er fulgt op for tre måneder siden.",
                        open_agreements="Møde med PPR aftales.",
                        confirmed_at=_at(current_start, 12),
                        family_notified_at=_at(current_start, 12),
                    )
                )
            assignments.append(
                CoordinatorAssignment(
                    id=len(assignments) + 1,
                    case_id=cid,
                    coordinator_id=coordinator,
                    started_on=current_start,
                    ended_on=discharged_on,
                    assigned_by_id=leader,
                )
            )
            if step == 3 and len(coords) > 1 and rng.random() < 0.005:
                handovers.append(
                    Handover(
                        id=len(handovers) + 1,
                        case_id=cid,
                        from_coordinator_id=coordinator,
                        to_coordinator_id=rng.choice([c for c in coords if c != coordinator]),
                        situation_and_wishes="Koordinatoren går på barsel.",
                        plan_status="Planen er opdateret.",
                    )
                )
        else:
            coordinator = None

        # Partners, linked to four in ten families once they are enrolled.
        partners = by_rc[(Role.PARTNER, centre)]
        if step >= 3 and partners and rng.random() < 0.4:
            for uid in rng.sample(partners, min(len(partners), rng.randint(1, 3))):
                span = max(((discharged_on or today) - enrolled_on).days, 0)
                linked_on = enrolled_on + timedelta(days=rng.randint(0, min(span, 60)))
                unlinked_on = discharged_on
                if unlinked_on is None and rng.random() < 0.1 and (today - linked_on).days > 1:
                    unlinked_on = linked_on + timedelta(
                        days=rng.randint(1, (today - linked_on).days)
                    )
                links.append(
                    PartnerLink(
                        id=len(links) + 1,
                        case_id=cid,
                        user_id=uid,
                        role_in_case=users_by_id[uid].profession,
                        linked_on=linked_on,
                        unlinked_on=unlinked_on,
                        linked_by_id=recorder,
                    )
                )
                if unlinked_on is None:
                    partner_families[uid].append(fid)
        return cid, coordinator

    for i, fp in enumerate(plan):
        fid = i + 1
        centre = fp["centre"]
        status = fp["status"]
        last = rng.choice(names.LAST)
        families.append(
            Family(
                id=fid,
                name=f"Familien {last}",
                centre_id=centre,
                municipality_id=fp["muni"],
                address=f"{rng.choice(names.STREETS)} {rng.randint(1, 120)}",
                postcode=f"{rng.randint(1000, 9990)}",
                city=muni_names[fp["muni"]],
                language="dansk"
                if rng.random() < 0.85
                else rng.choice(["arabisk", "tyrkisk", "engelsk", "polsk"]),
                interpreter_needed=rng.random() < 0.08,
                preferred_contact=rng.choice(
                    ["phone", "phone", "sms", "email", "digital_post", "home_visit"]
                ),
            )
        )
        if status == S.REFERRED:
            referred_on = today - timedelta(days=rng.randint(0, 30))
        elif status == S.ELIGIBILITY_ASSESSED:
            referred_on = today - timedelta(days=rng.randint(6, 45))
        elif status == S.CONSENT_GIVEN:
            referred_on = today - timedelta(days=rng.randint(11, 60))
        elif status == S.ENROLLED:
            referred_on = today - timedelta(days=rng.randint(20, 1100))
        else:
            referred_on = today - timedelta(days=rng.randint(200, 1400))

        ids = []
        parent_ids = []
        for p in range(fp["parents"]):
            born = _years_ago(rng, today, 22, 50)
            pid = person(
                fid,
                "parent",
                born,
                rng.choice(names.FIRST_ADULT),
                last,
                custody=p == 0 or rng.random() < 0.85,
            )
            parent_ids.append(pid)
            ids.append(pid)
        children = []
        for _ in range(fp["children"]):
            r = rng.random()
            age = 0 if r < 0.35 else (1 if r < 0.55 else rng.randint(2, 6))
            born = referred_on - timedelta(days=int(age * 365.25) + rng.randint(1, 360))
            first = rng.choice(names.FIRST_GIRL if rng.random() < 0.5 else names.FIRST_BOY)
            pid = person(fid, "child", born, first, last)
            children.append((pid, born))
            ids.append(pid)
        for _ in range(fp["siblings"]):
            born = _years_ago(rng, today, 0.1, 17)
            first = rng.choice(names.FIRST_GIRL if rng.random() < 0.5 else names.FIRST_BOY)
            ids.append(person(fid, "sibling", born, first, last))
        fam_persons[fid] = ids
        centre_families[centre].append(fid)

        # One in twenty families came back: an older, discharged case comes first.
        if status != S.DISCHARGED and rng.random() < 0.05:
            old_referred = referred_on - timedelta(days=rng.randint(900, 1500))
            make_case(
                fid,
                centre,
                S.DISCHARGED,
                old_referred,
                children,
                parent_ids,
                coordinator=rng.choice(by_rc[(Role.COORDINATOR, centre)]),
            )
        coordinator = rng.choice(by_rc[(Role.COORDINATOR, centre)])
        cid, coordinator = make_case(
            fid, centre, status, referred_on, children, parent_ids, coordinator=coordinator
        )
        fam_case[fid] = cid
        if coordinator and status != S.DISCHARGED:
            coord_open[coordinator].append(fid)
        if status == S.ENROLLED:
            enrolled_families.add(fid)

    # Cases elsewhere: a parent's case at the job centre or in adult social services.
    areas = {"parent": ["employment", "social", "social"], "child": ["children", "social"]}
    depts = {"employment": "Jobcenter", "social": "Socialområdet", "children": "Børn og Unge"}
    for p in persons:
        chance = 0.15 if p.relation == "parent" else (0.03 if p.relation == "child" else 0.0)
        if chance and rng.random() < chance:
            area = rng.choice(areas[p.relation])
            fam = families[p.family_id - 1]
            externals.append(
                ExternalCase(
                    id=len(externals) + 1,
                    person_id=p.id,
                    municipality_id=fam.municipality_id,
                    area=area,
                    case_worker=f"{rng.choice(names.FIRST_ADULT)} {rng.choice(names.LAST)}",
                    department=depts[area],
                    active=rng.random() < 0.85,
                )
            )

    _bulk(t, Family, families)
    _bulk(t, Person, persons)
    # Custody is recorded per child (families.Custody): the household's parents with custody
    # hold it for each of its children, as migration families/0006 does for existing data.
    children_of: dict[int, list[int]] = defaultdict(list)
    for p in persons:
        if p.relation in ("child", "sibling"):
            children_of[p.family_id].append(p.id)
    _bulk(
        t,
        Custody,
        [
            Custody(child_id=child, guardian_id=p.id)
            for p in persons
            if p.has_custody
            for child in children_of[p.family_id]
        ],
    )
    _bulk(t, Case, cases)
    _bulk(t, CaseStatusChange, changes)
    _bulk(t, EligibilityAssessment, eligibility)
    _bulk(t, Consent, consents)
    _bulk(t, CoordinatorAssignment, assignments)
    _bulk(t, Handover, handovers)
    _bulk(t, PartnerLink, links)
    _bulk(t, ExternalCase, externals)
    return {
        "fam_persons": fam_persons,
        "fam_case": fam_case,
        "centre_families": centre_families,
        "coord_open": coord_open,
        "partner_families": partner_families,
        "enrolled_families": enrolled_families,
        "fam_children": {
            fid: [p.id for p in persons[ids[0] - 1 : ids[-1]] if p.relation == "child"]
            for fid, ids in fam_persons.items()
        },
        "counts": {
            "families": len(families),
            "persons": len(persons),
            "cases": len(cases),
            "case_status_changes": len(changes),
            "eligibility_assessments": len(eligibility),
            "consents": len(consents),
            "coordinator_assignments": len(assignments),
            "handovers": len(handovers),
            "partner_links": len(links),
            "external_cases": len(externals),
        },
    }


# --------------------------------------------------------------------------- audit log

# (action, probability) per kind of user; the rest of each user's events are logins/logouts.
ACTIONS = {
    "family_worker": [
        ("view", 0.78),
        ("change", 0.07),
        ("create", 0.02),
        ("search", 0.05),
        ("login", 0.05),
        ("logout", 0.025),
        ("login_failed", 0.005),
    ],
    "leader": [
        ("view", 0.70),
        ("change", 0.05),
        ("export", 0.06),
        ("search", 0.09),
        ("login", 0.07),
        ("logout", 0.03),
    ],
    "no_cases": [("search", 0.6), ("login", 0.3), ("logout", 0.09), ("login_failed", 0.01)],
}
USER_WEIGHT = {
    Role.COORDINATOR: 10.0,
    Role.CORE_TEAM: 3.0,
    Role.PARTNER: 1.0,
    Role.LEADER: 4.0,
    Role.PROJECT_LEADER: 4.0,
    Role.SYSADMIN: 0.5,
    Role.DPO: 1.0,
}
CHANGE_SETS = [
    json.dumps({"status": ["consent_given", "enrolled"]}),
    json.dumps({"phone": ["", "12345678"]}),
    json.dumps({"address": ["Skolevej 1", "Kirkevej 7"]}),
    json.dumps({"preferred_contact": ["phone", "sms"]}),
    json.dumps({"cpr": ["010203-xxxx", "010203-xxxx"]}),
]


def _cumulative(pairs):
    acts, cum, acc = [], [], 0.0
    for act, p in pairs:
        acc += p
        acts.append(act)
        cum.append(acc)
    cum[-1] = 1.0
    return acts, cum


def audit_chunks(scale: Scale, rng, staff, fams, today: date, chunk_events: int = 100_000):
    """Yield (events, persons) row tuples in time order, about chunk_events at a time.

    Event row: id, at, user_id, username, action, object_type, object_id, family_id, case_id,
    ip_address, summary, changes.  Person row: id, event_id, person_id, at.
    """
    users = staff["users"]
    profiles = []
    for u in users:
        if u.role == Role.COORDINATOR:
            own = fams["coord_open"].get(u.id, [])
            kind = "family_worker"
            pool = fams["centre_families"].get(u.centre_id, [])
        elif u.role == Role.CORE_TEAM:
            own, kind, pool = [], "family_worker", fams["centre_families"].get(u.centre_id, [])
        elif u.role == Role.PARTNER:
            own, pool = [], fams["partner_families"].get(u.id, [])
            kind = "family_worker" if pool else "no_cases"
        elif u.role in (Role.LEADER, Role.PROJECT_LEADER):
            own, kind, pool = [], "leader", fams["centre_families"].get(u.centre_id, [])
        else:
            own, kind, pool = [], "no_cases", []
        if kind != "no_cases" and not pool and not own:
            kind = "no_cases"
        ip = f"10.{(u.centre_id or 0) % 256}.{rng.randrange(256)}.{rng.randrange(1, 255)}"
        profiles.append((u.id, u.username, kind, own, pool, ip, u.role))
    acts_by_kind = {kind: _cumulative(pairs) for kind, pairs in ACTIONS.items()}
    cum_weights = []
    acc = 0.0
    for u in users:
        acc += USER_WEIGHT[u.role]
        cum_weights.append(acc)

    days = scale.audit_days
    first_day = today - timedelta(days=days)
    day_weights = [
        1.0 if (first_day + timedelta(days=d)).weekday() < 5 else 0.08 for d in range(days)
    ]
    per_day = _split(scale.audit_events, day_weights)
    fam_persons = fams["fam_persons"]
    fam_case = fams["fam_case"]
    uniform = rng.random
    randint = rng.randint
    choice = rng.choice

    event_id = 0
    person_row_id = 0
    events: list[tuple] = []
    persons: list[tuple] = []
    hour = 3_600_000_000
    minute = 60_000_000
    for d, n in enumerate(per_day):
        if not n:
            continue
        day_text = (first_day + timedelta(days=d)).isoformat()
        # Office hours in UTC (07:00-17:30 Danish time), with a few events at any hour.
        stamps = sorted(
            int((5.5 + uniform() * 10.5 if uniform() < 0.93 else uniform() * 24) * hour)
            for _ in range(n)
        )
        picked = rng.choices(profiles, cum_weights=cum_weights, k=n)
        for stamp, (uid, username, kind, own, pool, ip, role) in zip(stamps, picked, strict=True):
            event_id += 1
            h, rem = divmod(stamp, hour)
            m, rem = divmod(rem, minute)
            s, us = divmod(rem, 1_000_000)
            at = f"{day_text} {h:02d}:{m:02d}:{s:02d}.{us:06d}"
            acts, cum = acts_by_kind[kind]
            action = acts[bisect(cum, uniform())]
            object_type, object_id, family_id, case_id, summary, changes = (
                "",
                None,
                None,
                None,
                "",
                "{}",
            )
            if action in ("view", "change", "create"):
                family_id = choice(own) if own and uniform() < 0.8 else choice(pool)
                case_id = fam_case[family_id]
                members = fam_persons[family_id]
                if action == "view":
                    r = uniform()
                    if r < 0.70:
                        object_type, object_id, summary = "family", family_id, "Familieoverblik"
                        k = min(randint(1, 4), len(members))
                        concerned = rng.sample(members, k)
                    elif r < 0.95:
                        pid = choice(members)
                        object_type, object_id, summary = "person", pid, "Personside"
                        concerned = [pid]
                    else:
                        object_type, object_id, summary = "handover", case_id, "Overleveringsnotat"
                        concerned = []
                    for pid in sorted(concerned):
                        person_row_id += 1
                        persons.append((person_row_id, event_id, pid, at))
                elif action == "change":
                    object_type = choice(["person", "family", "case"])
                    object_id = choice(members) if object_type == "person" else family_id
                    changes = choice(CHANGE_SETS)
                    summary = "Ændring"
                else:
                    object_type = choice(["person", "case"])
                    object_id = choice(members) if object_type == "person" else case_id
                    summary = "Oprettelse"
            elif action == "export":
                object_type, summary = "participant_list", "Deltagerliste eksporteret som XLSX"
            elif action == "search":
                if role == Role.DPO:
                    object_type, summary = "audit", "Søgning i loggen"
                else:
                    object_type, summary = "family", "Søgning på navn"
            user_id = uid
            name = username
            if action == "login_failed":
                user_id = None
            events.append(
                (
                    event_id,
                    at,
                    user_id,
                    name,
                    action,
                    object_type,
                    object_id,
                    family_id,
                    case_id,
                    ip,
                    summary,
                    changes,
                )
            )
        if len(events) >= chunk_events:
            yield events, persons
            events, persons = [], []
    if events:
        yield events, persons


EVENT_COLUMNS = (
    "id, at, user_id, username, action, object_type, object_id, family_id, case_id, "
    "ip_address, summary, changes"
)
PERSON_COLUMNS = "id, event_id, person_id, at"


def _secondary_indexes(table: str) -> list[tuple[str, str]]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() "
                "AND tablename = %s AND indexname NOT IN (SELECT conname FROM pg_constraint)",
                [table],
            )
        else:
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s "
                "AND sql IS NOT NULL",
                [table],
            )
        return list(cursor.fetchall())


def _audit(scale: Scale, rng, t: Timings, staff, fams, today: date) -> dict:
    ev_table = AuditEvent._meta.db_table
    ap_table = AuditPerson._meta.db_table
    indexes = {table: _secondary_indexes(table) for table in (ev_table, ap_table)}
    with connection.cursor() as cursor:
        for table_indexes in indexes.values():
            for name, _sql in table_indexes:
                cursor.execute(f'DROP INDEX "{name}"')
    n_events = n_persons = 0
    load_started = time.perf_counter()
    pg = connection.vendor == "postgresql"
    if not pg:
        raw = connection.connection
        ev_sql = f"INSERT INTO {ev_table} ({EVENT_COLUMNS}) VALUES ({', '.join('?' * 12)})"
        ap_sql = f"INSERT INTO {ap_table} ({PERSON_COLUMNS}) VALUES (?, ?, ?, ?)"
    for events, persons in audit_chunks(scale, rng, staff, fams, today):
        if pg:
            with connection.cursor() as cursor:
                with cursor.cursor.copy(f"COPY {ev_table} ({EVENT_COLUMNS}) FROM STDIN") as copy:
                    for row in events:
                        copy.write_row(row)
                with cursor.cursor.copy(f"COPY {ap_table} ({PERSON_COLUMNS}) FROM STDIN") as copy:
                    for row in persons:
                        copy.write_row(row)
        else:
            raw.execute("BEGIN")
            raw.executemany(ev_sql, events)
            raw.executemany(ap_sql, persons)
            raw.execute("COMMIT")
        n_events += len(events)
        n_persons += len(persons)
        elapsed = time.perf_counter() - load_started
        if n_events % 1_000_000 < len(events) or n_events == scale.audit_events:
            log(f"audit: {n_events:,} events, {n_persons:,} persons, {elapsed:.0f} s")
    load_seconds = time.perf_counter() - load_started
    t.record(ev_table, n_events, load_seconds * n_events / (n_events + n_persons))
    t.record(ap_table, n_persons, load_seconds * n_persons / (n_events + n_persons))

    started = time.perf_counter()
    with connection.cursor() as cursor:
        if pg:
            cursor.execute("SET maintenance_work_mem = '1GB'")
        for table_indexes in indexes.values():
            for name, sql in table_indexes:
                index_started = time.perf_counter()
                cursor.execute(sql)
                log(f"index {name}: {time.perf_counter() - index_started:.1f} s")
    t.record("audit indexes (rebuild)", 0, time.perf_counter() - started)
    return {"audit_events": n_events, "audit_persons": n_persons}


# --------------------------------------------------------------------------- personas


def _personas(scale: Scale, org, staff, fams) -> dict:
    """The users and objects the measurements act as and on."""
    by_rc = staff["by_role_centre"]
    big_centre = org["muni_centre"][1]
    coord_open = fams["coord_open"]
    enrolled = fams["enrolled_families"]
    candidates = [
        (abs(len(fids) - 30), uid)
        for (role, centre), uids in by_rc.items()
        if role == Role.COORDINATOR and centre != big_centre
        for uid in uids
        for fids in [coord_open.get(uid, [])]
        if fids
    ] or [(abs(len(f) - 30), uid) for uid, f in coord_open.items()]
    coordinator = min(candidates)[1]
    coordinator_centre = next(u.centre_id for u in staff["users"] if u.id == coordinator)
    own = sorted(f for f in coord_open[coordinator] if f in enrolled) or sorted(
        coord_open[coordinator]
    )
    family = own[0]
    children = fams["fam_children"][family]
    # The searches below look for the coordinator and their families: the DPO must oversee
    # the coordinator's centre, or the search answers as if they did not exist.
    dpos = [u for u in staff["users"] if u.role == Role.DPO]
    dpo = next((u.id for u in dpos if u.centre_id == coordinator_centre), None)
    if dpo is None:
        dpo = dpos[0].id
        User.objects.filter(pk=dpo).update(centre_id=coordinator_centre)
    return {
        "coordinator": coordinator,
        "coordinator_caseload": len(coord_open[coordinator]),
        "coordinator_families": own[:10],
        "leader": by_rc[(Role.LEADER, coordinator_centre)][0],
        "project_leader": by_rc[(Role.PROJECT_LEADER, big_centre)][0],
        "big_municipality": 1,
        "dpo": dpo,
        "audit_person": children[0] if children else fams["fam_persons"][family][0],
        "access_log_family": family,
    }


# --------------------------------------------------------------------------- entry points


def reset_database() -> None:
    """Empty the PostgreSQL schema (SQLite: the caller deletes the file before connecting)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE")
            cursor.execute("CREATE SCHEMA public")


def read_marker() -> dict | None:
    with connection.cursor() as cursor:
        if MARKER_TABLE not in connection.introspection.table_names(cursor):
            return None
        cursor.execute(f"SELECT data FROM {MARKER_TABLE} ORDER BY id DESC LIMIT 1")
        row = cursor.fetchone()
    return json.loads(row[0]) if row else None


def _write_marker(data: dict) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE {MARKER_TABLE} (id integer PRIMARY KEY, data text NOT NULL)")
        cursor.execute(f"INSERT INTO {MARKER_TABLE} (id, data) VALUES (1, %s)", [json.dumps(data)])


def generate(scale: Scale) -> dict:
    """Fill an empty, migrated database; returns the marker (scale, personas, timings)."""
    rng = random.Random(SEED)
    today = timezone.localdate()
    t = Timings()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous = OFF")
            cursor.execute("PRAGMA cache_size = -400000")
            cursor.execute("PRAGMA temp_store = MEMORY")
    org = _organisation(scale, rng, t, today)
    plan = _family_plan(scale, rng, org)
    per_centre: dict[int, int] = defaultdict(int)
    for fp in plan:
        per_centre[fp["centre"]] += 1
    staff = _staff(scale, rng, t, org, per_centre)
    fams = _families(scale, rng, t, org, staff, plan, today)
    audit_counts = _audit(scale, rng, t, staff, fams, today)

    started = time.perf_counter()
    with connection.cursor() as cursor:
        models = [
            Municipality,
            Centre,
            Department,
            User,
            CoreTeamMembership,
            Family,
            Person,
            Case,
            CaseStatusChange,
            EligibilityAssessment,
            Consent,
            CoordinatorAssignment,
            Handover,
            PartnerLink,
            ExternalCase,
            AuditEvent,
            AuditPerson,
        ]
        if connection.vendor == "postgresql":
            for sql in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(sql)
            cursor.execute("VACUUM ANALYZE")
        else:
            cursor.execute("ANALYZE")
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    t.record("vacuum/analyze", 0, time.perf_counter() - started)

    counts = {
        "municipalities": len(org["municipalities"]),
        "centres": len(org["centre_ids"]),
        "staff": len(staff["users"]),
        **fams["counts"],
        **audit_counts,
    }
    marker = {
        "scale": scale.as_dict(),
        "counts": counts,
        "personas": _personas(scale, org, staff, fams),
        "generation": t.as_dict(),
        "generated_on": today.isoformat(),
    }
    _write_marker(marker)
    return marker
