"""The subject-access export: one ZIP with a PDF and a JSON of everything held on a person."""

import io
import json
import zipfile
from datetime import date

from django.urls import reverse
from pypdf import PdfReader

from indgang.audit.models import AuditEvent, AuditPerson
from indgang.audit.services import audit_record
from indgang.core.cpr import mask_cpr
from indgang.families.models import Consent
from indgang.followup.models import ContactLog


def _export(client, person):
    return client.post(reverse("subject_access_export", args=[person.pk]))


def _read(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert sorted(archive.namelist()) == ["indsigt.json", "indsigt.pdf"]
    data = json.loads(archive.read("indsigt.json"))
    pdf = PdfReader(io.BytesIO(archive.read("indsigt.pdf")))
    text = "\n".join(page.extract_text() for page in pdf.pages)
    return data, " ".join(text.split())


def _rows(data, model):
    return next((s["rows"] for s in data["sections"] if s["model"] == model), [])


def test_export_holds_the_person_their_case_and_who_looked_and_why(world, login):
    Consent.objects.create(
        case=world.case,
        given_by=world.parent,
        given_on=date(2026, 1, 20),
        covers="Deltagelse i Indgang",
        recorded_by=world.alice,
    )
    ContactLog.objects.create(
        case=world.case,
        on=date(2026, 11, 2),
        form=ContactLog.Form.PHONE,
        with_whom="Mor",
        initiative=ContactLog.Initiative.FAMILY,
        summary="Spurgte til mødet",
        by=world.alice,
    )
    audit_record(
        user=world.bob,
        action=AuditEvent.Action.VALUE_JUMP,
        object_type="family",
        object_id=world.family.pk,
        family_id=world.family.pk,
        person_ids=[world.child.pk, world.parent.pk],
        summary="Værdispring: Dækker for en kollega",
        changes={"reason": "cover", "explanation": "Alice er syg"},
    )
    response = _export(login(world.heidi), world.child)
    # A neutral file name: no name, no CPR number.
    disposition = response["Content-Disposition"]
    assert "Hansen" not in disposition and "Alma" not in disposition
    assert world.child.cpr not in disposition and world.child.cpr[:6] not in disposition
    data, text = _read(response)

    persons = _rows(data, "families.person")
    assert [p["id"] for p in persons] == [world.child.pk]  # the subject only
    assert persons[0]["first_name"] == "Alma" and persons[0]["cpr"] == mask_cpr(world.child.cpr)
    assert [f["id"] for f in _rows(data, "families.family")] == [world.family.pk]
    assert [c["id"] for c in _rows(data, "families.case")] == [world.case.pk]
    assert _rows(data, "families.consent")[0]["covers"] == "Deltagelse i Indgang"
    assert _rows(data, "families.consent")[0]["given_by"]["tekst"] == "Maria Hansen"
    assert _rows(data, "followup.contactlog")[0]["summary"] == "Spurgte til mødet"
    # Nothing of another family.
    # (Whole names: staff surnames are random and may be "Andersen" too.)
    dump = json.dumps(data, ensure_ascii=False)
    assert world.other_family.name not in dump
    for member in world.other_family.members.all():
        assert member.full_name not in dump and member.cpr not in dump

    jump = next(e for e in data["access_log"] if e["handling"] == "Værdispring")
    assert jump["medarbejder"].startswith("Bob") and "Alice er syg" in jump["begrundelse"]
    assert jump["begrundelse"].startswith("Dækker for en kollega")

    assert "Indsigtsudtræk" in text and "Alma Hansen" in text
    assert "Spurgte til mødet" in text and "Alice er syg" in text
    assert world.child.cpr not in text


def test_export_is_logged_naming_the_person(world, login):
    last = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    _read(_export(login(world.heidi), world.child))
    event = AuditEvent.objects.get(pk__gt=last, action=AuditEvent.Action.EXPORT)
    assert event.user == world.heidi and event.object_type == "person"
    assert event.family_id == world.family.pk
    assert list(AuditPerson.objects.filter(event=event).values_list("person_id", flat=True)) == [
        world.child.pk
    ]
    assert world.child.cpr not in str(event.changes) + event.summary


def test_another_tenancys_person_answers_as_no_such_person(world, login):
    client = login(world.heidi)
    other = world.other_family.members.get()
    outside = _export(client, other)
    missing = client.post(reverse("subject_access_export", args=[999_999]))
    assert outside.status_code == missing.status_code == 404
    assert "Der er ingen person med dette nummer" in outside.content.decode()
    assert outside.content.replace(b"999999", b"") != b"" and other.full_name not in (
        outside.content.decode()
    )
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).exists()


def test_only_the_dpo_exports_and_finds_the_button_on_who_has_seen(world, login):
    assert _export(login(world.erin), world.child).status_code == 403
    html = login(world.heidi).post(reverse("who_has_seen"), {"term": "Alma Hansen"})
    assert reverse("subject_access_export", args=[world.child.pk]) in html.content.decode()
    html = login(world.erin).post(reverse("who_has_seen"), {"term": "Alma Hansen"})
    assert reverse("subject_access_export", args=[world.child.pk]) not in html.content.decode()
