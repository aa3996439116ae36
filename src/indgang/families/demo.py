"""The demo municipality: Ishøj and Vallensbæk, their centre, staff and ~30 families.

Every name and CPR number here is made up. CPR numbers have a valid format and date; some
satisfy modulus 11 and some do not, as real numbers issued since 2007 may not.
"""

import random
from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from indgang.families import services
from indgang.families.models import AccessPolicy, Case, Person
from indgang.organisation.models import (
    Centre,
    CoreTeamMembership,
    Department,
    Municipality,
    Role,
    User,
)

DEMO_PASSWORD = "indgang-demo-2026"  # nosec B105  # demo-data login only, printed by load_demo

STAFF = [
    # username, first, last, role, profession, core team kind
    (
        "koordinator",
        "Mette",
        "Holm",
        Role.COORDINATOR,
        "Familiekoordinator (socialrådgiver)",
        "fixed",
    ),
    (
        "koordinator2",
        "Jonas",
        "Friis",
        Role.COORDINATOR,
        "Familiekoordinator (socialrådgiver)",
        "fixed",
    ),
    ("psykolog", "Sara", "Lund", Role.CORE_TEAM, "Psykolog", "fixed"),
    ("talekonsulent", "Ole", "Krogh", Role.CORE_TEAM, "Tale-/hørekonsulent", "fixed"),
    ("specialpaedagog", "Lise", "Dam", Role.CORE_TEAM, "Specialpædagogisk konsulent", "flexible"),
    ("partner", "Karim", "Aziz", Role.PARTNER, "Sagsbehandler, jobcenter", None),
    ("hjaelpemidler", "Birgit", "Mose", Role.PARTNER, "Sagsbehandler, hjælpemidler", None),
    ("leder", "Hanne", "Bech", Role.LEADER, "Leder, Børn og Familie", None),
    ("projektleder", "Anders", "Vinther", Role.PROJECT_LEADER, "Projektleder", None),
    ("sysadmin", "Per", "Nørgaard", Role.SYSADMIN, "Systemadministrator", None),
    ("dpo", "Camilla", "Storm", Role.DPO, "Databeskyttelsesrådgiver", None),
]

FIRST_CHILD = [
    "Alma",
    "Noah",
    "Ida",
    "Oscar",
    "Freja",
    "William",
    "Clara",
    "Emil",
    "Ella",
    "Malthe",
    "Sofia",
    "Lucas",
    "Agnes",
    "Aksel",
    "Karla",
    "Viggo",
    "Lea",
    "Carl",
    "Ellie",
    "Alfred",
]
FIRST_PARENT = [
    "Maria",
    "Peter",
    "Anne",
    "Jens",
    "Louise",
    "Thomas",
    "Camilla",
    "Martin",
    "Sarah",
    "Mads",
    "Nadia",
    "Ali",
    "Fatima",
    "Lars",
    "Julie",
    "Rasmus",
]
LAST = [
    "Jensen",
    "Nielsen",
    "Hansen",
    "Pedersen",
    "Andersen",
    "Christensen",
    "Larsen",
    "Sørensen",
    "Rasmussen",
    "Jørgensen",
    "Petersen",
    "Madsen",
    "Kristensen",
    "Olsen",
    "Thomsen",
    "Hassan",
    "Poulsen",
    "Johansen",
    "Møller",
    "Mortensen",
    "Yilmaz",
    "Karlsen",
    "Berg",
    "Lind",
    "Holst",
    "Iversen",
    "Skov",
    "Winther",
    "Bruun",
    "Kjær",
    "Frederiksen",
]
STREETS = [
    "Ishøj Strandvej",
    "Vejlebrovej",
    "Gadekærvej",
    "Torslunde Byvej",
    "Vallensbæk Stationstorv",
    "Pilemøllevej",
    "Søndre Ringvej",
    "Bækkeskovvej",
]


def synthetic_cpr(born: date, rng: random.Random) -> str:
    """A CPR number with a valid format and date; the serial's first digit fits the century."""
    year = born.year
    if year < 2000:
        first = rng.choice([0, 1, 2, 3])
    elif year <= 2036:
        first = rng.choice([4, 9, 5, 6])
    else:
        first = rng.choice([5, 6, 7, 8])
    serial = f"{first}{rng.randint(0, 999):03d}"
    return f"{born:%d%m%y}{serial}"


def _staff(centre, departments) -> dict[str, User]:
    users = {}
    for username, first, last, role, profession, core_kind in STAFF:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "role": role,
                "profession": profession,
                "email": f"{username}@indgang.invalid",
                "phone": "43 57 70 00" if role == Role.COORDINATOR else "",
                "centre": centre if role not in (Role.PARTNER,) else None,
                "department": departments.get(role),
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        if core_kind:
            CoreTeamMembership.objects.get_or_create(
                centre=centre, user=user, defaults={"kind": core_kind}
            )
        users[username] = user
    return users


def load_demo(*, seed: int = 2021) -> dict:
    """Create the demo once; later calls change nothing. Returns what was there or made."""
    if Municipality.objects.filter(code="183").exists():
        return {"created": False}
    rng = random.Random(seed)  # nosec B311  # reproducible fake demo data, not security
    with transaction.atomic():
        ishoj = Municipality.objects.create(
            name="Ishøj",
            code="183",
            accessibility_statement_url="https://www.was.digst.dk/ishoj-dk",
        )
        vallensbaek = Municipality.objects.create(name="Vallensbæk", code="187")
        centre = Centre.objects.create(name="Center for Børn og Forebyggelse", caseload_target=22)
        centre.municipalities.set([ishoj, vallensbaek])
        # CBF's KOS model has a fixed core team that discusses every family at its weekly
        # meeting, so the demo chooses the centre-wide scope; a new municipality gets the
        # need-to-know default (the administration's "Adgangspolitikker" switches it).
        for municipality in (ishoj, vallensbaek):
            AccessPolicy.objects.create(municipality=municipality, scope=AccessPolicy.Scope.CENTRE)
        departments = {
            Role.COORDINATOR: Department.objects.create(
                municipality=ishoj,
                centre=centre,
                name="Børn og Familie – handicap",
                sector="children",
            ),
            Role.PARTNER: Department.objects.create(
                municipality=ishoj, name="Jobcenter Ishøj", sector="employment"
            ),
        }
        Department.objects.create(
            municipality=ishoj, name="Center for Voksne og Hjælpemidler", sector="adults"
        )
        Department.objects.create(
            municipality=ishoj, name="PPR", centre=centre, sector="daycare_school"
        )
        Department.objects.create(
            municipality=vallensbaek, name="Jobcenter Vallensbæk", sector="employment"
        )
        Department.objects.create(
            municipality=vallensbaek, name="Dagtilbud og Skole", sector="daycare_school"
        )
        users = _staff(centre, departments)
        families = _families(rng, centre, [ishoj, ishoj, vallensbaek], users)
        for path in settings.DEMO_EXTENSIONS:
            import_string(path)(rng=rng, users=users)
    return {"created": True, "families": families}


WAITING_STAGES = ("referred", "eligibility_assessed", "consent_given")


def _families(rng, centre, municipalities, users) -> int:
    today = timezone.localdate()
    leader = users["projektleder"]
    coordinators = [users["koordinator"], users["koordinator2"]]
    stages = (
        ["enrolled"] * 16
        + ["referred"] * 3
        + ["eligibility_assessed"] * 2
        + ["consent_given"] * 2
        + ["discharged"] * 4
        + ["handover"] * 2
        + ["not_eligible"]
    )
    used_last = set()
    for index, stage in enumerate(stages):
        last = next(n for n in rng.sample(LAST, len(LAST)) if n not in used_last)
        used_last.add(last)
        municipality = rng.choice(municipalities)
        child_age_days = rng.randint(60, 6 * 365 + 300) if stage != "not_eligible" else 7 * 365 + 40
        child_born = today - timedelta(days=child_age_days)
        parent_born = date(rng.randint(1980, 1996), rng.randint(1, 12), rng.randint(1, 28))
        parent_first = rng.choice(FIRST_PARENT)
        referred = today - timedelta(days=rng.randint(30, max(31, min(700, child_age_days - 20))))
        if stage in WAITING_STAGES:
            # Not yet enrolled: referred four to eight weeks ago (the same draw, so the rest of
            # the demo stays as it was), not a year ago as an enrolled family may have been.
            referred = today - timedelta(days=30 + (today - referred).days % 28)
        members = [
            {
                "first_name": rng.choice(FIRST_CHILD),
                "last_name": last,
                "cpr": synthetic_cpr(child_born, rng),
                "relation": Person.Relation.CHILD,
            },
            {
                "first_name": parent_first,
                "last_name": last,
                "cpr": synthetic_cpr(parent_born, rng),
                "relation": Person.Relation.PARENT,
                "has_custody": True,
                "phone": f"2{rng.randint(0, 9999999):07d}",
                "email": f"{parent_first.lower()}.{index}@familie.invalid",
            },
        ]
        if rng.random() < 0.6:
            other_born = date(rng.randint(1978, 1995), rng.randint(1, 12), rng.randint(1, 28))
            members.append(
                {
                    "first_name": rng.choice(FIRST_PARENT),
                    "last_name": last,
                    "cpr": synthetic_cpr(other_born, rng),
                    "relation": Person.Relation.PARENT,
                    "has_custody": True,
                }
            )
        if rng.random() < 0.4:
            sib_born = child_born - timedelta(days=rng.randint(400, 2500))
            members.append(
                {
                    "first_name": rng.choice(
                        [n for n in FIRST_CHILD if n != members[0]["first_name"]]
                    ),
                    "last_name": last,
                    "cpr": synthetic_cpr(sib_born, rng),
                    "relation": Person.Relation.SIBLING,
                }
            )
        family = services.family_create(
            by=leader,
            centre=centre,
            family_data={
                "name": f"Familien {last}",
                "municipality": municipality,
                "address": f"{rng.choice(STREETS)} {rng.randint(1, 120)}",
                "postcode": "2635" if municipality.name == "Ishøj" else "2625",
                "city": municipality.name,
                "language": rng.choice(["dansk"] * 5 + ["arabisk", "tyrkisk"]),
                "interpreter_needed": rng.random() < 0.1,
            },
            members=members,
            referred_on=referred,
            referral_source=rng.choice(["Sundhedsplejen", "Hospitalet", "Dagtilbud", "Forældrene"]),
        )
        _advance(
            rng,
            family,
            stage,
            referred,
            today,
            leader,
            coordinators[index % 2],
            coordinators,
            users,
        )
    return len(stages)


def _advance(rng, family, stage, referred, today, by, coordinator, coordinators, users):
    if stage == "referred":
        return
    case = family.cases.get()
    child = family.members.get(relation=Person.Relation.CHILD)
    parent = family.members.filter(relation=Person.Relation.PARENT).first()
    assessed = referred + timedelta(days=rng.randint(5, 20))
    criteria = {"several_interventions_expected": True, "significant_daily_life_effect": True}
    services.eligibility_assess(
        by=by,
        case=case,
        child=child,
        assessed_on=assessed,
        judged_by="Specialrådgiverne og lederen af Børn og Familie",
        **criteria,
    )
    if stage == "not_eligible":
        services.case_discharge(
            by=by, case=case, discharged_on=assessed, reason=Case.DischargeReason.NOT_ELIGIBLE
        )
        return
    if stage == "eligibility_assessed":
        return
    consent_on = assessed + timedelta(days=rng.randint(2, 10))
    services.consent_record(
        by=by,
        case=case,
        given_by=parent,
        given_on=consent_on,
        covers="Deltagelse i Én familie – én indgang og udveksling af oplysninger.",
    )
    if stage == "consent_given":
        return
    enrolled = consent_on + timedelta(days=rng.randint(1, 14))
    services.case_enrol(
        by=by,
        case=case,
        enrolled_on=enrolled,
        coordinator=coordinator,
        prior_case_months=rng.choice([3, 6, 10, 14, 18, 24, 30, 40, 54]),
    )
    services.partner_link(
        by=by,
        case=case,
        user=users["psykolog"],
        role_in_case="Psykolog i kerneteamet",
        linked_on=enrolled,
    )
    if rng.random() < 0.5:
        services.partner_link(
            by=by,
            case=case,
            user=users["partner"],
            role_in_case="Forælderens sag i jobcentret",
            linked_on=enrolled,
        )
        services.external_case_add(
            by=by,
            person=parent,
            data={
                "municipality": family.municipality,
                "area": "employment",
                "case_worker": "Karim Aziz",
                "department": "Jobcenter",
            },
        )
    if stage == "discharged":
        services.case_discharge(
            by=by,
            case=case,
            discharged_on=min(today, enrolled + timedelta(days=200)),
            reason=rng.choice([Case.DischargeReason.MOVED_AWAY, Case.DischargeReason.CASE_CLOSED]),
        )
    if stage == "handover":
        other = next(c for c in coordinators if c != coordinator)
        services.handover_start(
            by=coordinator,
            case=case,
            to_coordinator=other,
            note={
                "situation_and_wishes": "Familien ønsker færre møder og mest kontakt på SMS.",
                "plan_status": "Planen blev fulgt op for to måneder siden; næste opfølgning er om en måned.",
                "open_agreements": "Jobcentret vender tilbage om mors arbejdstid.",
                "next_meetings": "Statusmøde i næste måned.",
                "other_department_contacts": "Karim Aziz, Jobcenter Ishøj.",
            },
        )
