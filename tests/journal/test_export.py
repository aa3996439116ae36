"""The journal and archive export: PDF/A read back, the index matching its files, CPR masked by
default, access, audit, and the management command's exit codes."""

import hashlib
import io
import json
import re
import zipfile
from datetime import UTC, date, datetime

import pypdf
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from indgang.audit.models import AuditEvent, AuditPerson
from indgang.followup.models import ContactLog
from indgang.meetings.models import (
    Assessment,
    AssessmentEntry,
    AssessmentObservation,
    Meeting,
    Participant,
    Wish,
)
from indgang.plans.models import JointPlan, PlanVersion
from tests import factories as f
from tests.interventions.helpers import configure, grant

pytestmark = pytest.mark.django_db


@pytest.fixture
def record(world):
    """A record with one of each kind of document."""
    case = world.case
    ContactLog.objects.create(
        case=case,
        on=date(2026, 3, 3),
        form="phone",
        with_whom="Maria (mor)",
        initiative="family",
        summary="Mor fortalte om søvnen og de nye bleer.",
        by=world.alice,
    )
    ContactLog.objects.create(
        case=case,
        on=date(2026, 4, 6),
        form="home_visit",
        with_whom="Forældrene",
        initiative="coordinator",
        summary="Hjemmebesøg: aflastningen fungerer.",
        by=world.alice,
    )
    meeting = Meeting.objects.create(
        case=case,
        centre=world.centre,
        type="assessment",
        status="held",
        starts_at=datetime(2026, 2, 10, 9, 0, tzinfo=UTC),
        place="Rådhuset",
        minutes="Familien ønsker ro om aftenerne.",
        decisions="Der søges om aflastning.",
        created_by=world.alice,
    )
    Participant.objects.create(meeting=meeting, kind="family", person=world.parent, attended=True)
    Participant.objects.create(meeting=meeting, kind="staff", user=world.bob, role="Psykolog")
    # A meeting without minutes is not a document.
    Meeting.objects.create(case=case, centre=world.centre, type="status", created_by=world.alice)
    assessment = Assessment.objects.create(
        case=case,
        meeting=meeting,
        assessed_on=date(2026, 2, 10),
        created_by=world.alice,
        summary="Familien har mange ressourcer.",
    )
    AssessmentEntry.objects.create(
        assessment=assessment, dimension="health", family_concerns="Alma sover dårligt."
    )
    Wish.objects.create(assessment=assessment, priority=1, text="Mere søvn")
    AssessmentObservation.objects.create(
        assessment=assessment,
        side="child",
        kind="strength",
        text="Alma er nysgerrig og glad.",
        author=world.bob,
        discipline="Psykolog",
    )
    plan = JointPlan.objects.create(case=case, created_by=world.alice)
    PlanVersion.objects.create(
        plan=plan,
        number=1,
        agreed_on=date(2026, 3, 1),
        agreed_by=world.parent,
        recorded_by=world.alice,
        snapshot={
            "goals": [
                {
                    "id": 1,
                    "position": 1,
                    "wording": "Alma sover igennem",
                    "family_words": "Vi vil sove",
                    "success_criteria": "Fem nætter om ugen",
                    "target_date": "2026-09-01",
                    "owners": ["Alice"],
                    "owners_text": "",
                    "subgoals": ["Fast sengetid"],
                    "activities": ["Søvnkonsulent"],
                }
            ]
        },
    )
    configure(world)
    decision = grant(world, period_to=date(2026, 12, 31))
    return {"meeting": meeting, "assessment": assessment, "decision": decision}


def _pdf(data: bytes) -> tuple[str, bytes]:
    reader = pypdf.PdfReader(io.BytesIO(data))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return text, reader.xmp_metadata.stream.get_data()


def _download(client, world, **data):
    return client.post(reverse("journal_export", args=[world.family.pk]), data)


def test_the_zip_holds_pdfa_documents_whose_index_matches_them(world, login, record):
    response = _download(login(world.alice), world)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    disposition = response["Content-Disposition"]
    assert re.fullmatch(
        rf'attachment; filename="journaludtraek-familie-{world.family.pk}-\d{{8}}\.zip"',
        disposition,
    )
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    manifest = json.loads(archive.read("manifest.json"))
    assert manifest["format"] == "indgang-journal/1"
    assert manifest["cpr"] == "masked"
    types = [d["document_type"] for d in manifest["documents"]]
    assert sorted(types) == sorted(["kontaktlog", "referat", "udredning", "plan", "afgoerelse"])
    # Exactly the manifest's files and their indexes, nothing else.
    listed = {d["file"] for d in manifest["documents"]} | {
        d["index"] for d in manifest["documents"]
    }
    assert set(archive.namelist()) == listed | {"manifest.json"}
    # Oldest first: the assessment meeting (10 Feb) before the plan (1 Mar), the decision last.
    dates = [d["date"] for d in manifest["documents"]]
    assert dates == sorted(dates)

    expected_text = {
        "kontaktlog": ["Mor fortalte om søvnen", "Hjemmebesøg: aflastningen fungerer."],
        "referat": ["Familien ønsker ro om aftenerne.", "Der søges om aflastning.", "Psykolog"],
        "udredning": [
            "Alma sover dårligt.",
            "Mere søvn",
            "Familien har mange ressourcer.",
            "Alma er nysgerrig og glad.",
            "Styrke (Bob",
        ],
        "plan": ["Alma sover igennem", "Fem nætter om ugen", "Søvnkonsulent"],
        "afgoerelse": ["Kære Maria Hansen", "Barnets behov er dokumenteret af lægen."],
    }
    for entry in manifest["documents"]:
        pdf = archive.read(entry["file"])
        index = json.loads(archive.read(entry["index"]))
        assert hashlib.sha256(pdf).hexdigest() == entry["sha256"] == index["sha256"]
        assert index["size"] == len(pdf)
        assert index["file"] == entry["file"].split("/")[1]
        assert index["title"] == entry["title"]
        assert index["case"]["id"] == f"sag-{world.case.pk}"
        assert index["family"]["name"] == "Familien Hansen"
        assert index["pdf_variant"] == "PDF/A-2b"
        text, xmp = _pdf(pdf)
        for words in expected_text[index["document_type"]]:
            assert words in text, (index["document_type"], words)
        # PDF/A identification in the XMP metadata: part 2, conformance B.
        assert re.search(rb'pdfaid:part(="|>)2', xmp), xmp[:400]
        assert re.search(rb'pdfaid:conformance(="|>)B', xmp)
        # CPR numbers masked in the index and never in the PDFs' file names.
        for person in index["persons"]:
            assert person["cpr"].endswith("-xxxx")
        assert world.child.cpr not in json.dumps(index)
        assert world.parent.cpr not in json.dumps(index)
        assert world.child.cpr[:6] not in entry["file"]
    by_type = {d["document_type"]: d for d in manifest["documents"]}
    decision_index = json.loads(archive.read(by_type["afgoerelse"]["index"]))
    assert [p["name"] for p in decision_index["persons"]] == ["Alma Hansen"]
    minutes_index = json.loads(archive.read(by_type["referat"]["index"]))
    assert [p["name"] for p in minutes_index["persons"]] == ["Maria Hansen"]


def test_fonts_are_embedded(world, login, record):
    archive = zipfile.ZipFile(io.BytesIO(_download(login(world.alice), world).content))
    manifest = json.loads(archive.read("manifest.json"))
    reader = pypdf.PdfReader(io.BytesIO(archive.read(manifest["documents"][0]["file"])))
    fonts = reader.pages[0]["/Resources"]["/Font"]
    for font in fonts.values():
        font = font.get_object()
        descriptor = (
            font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            if "/DescendantFonts" in font
            else font["/FontDescriptor"]
        ).get_object()
        assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor)


def test_full_cpr_only_when_asked_for(world, login, record):
    response = _download(login(world.erin), world, include_cpr="on")
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert json.loads(archive.read("manifest.json"))["cpr"] == "full"
    indexes = [json.loads(archive.read(n)) for n in archive.namelist() if n.endswith(".json")]
    cprs = {p["cpr"] for i in indexes if "persons" in i for p in i["persons"]}
    assert f"{world.parent.cpr[:6]}-{world.parent.cpr[6:]}" in cprs
    event = AuditEvent.objects.get(action="export", object_type="journal_export")
    assert "CPR-numre i indekset" in event.summary
    assert world.parent.cpr not in event.summary


def test_every_export_is_logged_with_the_family_and_its_persons(world, login, record):
    _download(login(world.alice), world)
    event = AuditEvent.objects.get(action="export", object_type="journal_export")
    assert event.user == world.alice
    assert event.family_id == world.family.pk
    persons = set(AuditPerson.objects.filter(event=event).values_list("person_id", flat=True))
    assert {world.child.pk, world.parent.pk} <= persons


def test_the_page_counts_the_documents_and_is_read_logged(world, login, record):
    client = login(world.alice)
    page = client.get(reverse("journal_export", args=[world.family.pk])).content.decode()
    assert "Dokumenter i udtrækket" in page
    assert re.search(r"<td>Mødereferat</td><td>1</td>", page)
    assert re.search(r"<td>Kontaktlog</td><td>1</td>", page)
    assert AuditEvent.objects.filter(
        action="view", family_id=world.family.pk, user=world.alice
    ).exists()
    overview = client.get(reverse("family_detail", args=[world.family.pk])).content.decode()
    assert reverse("journal_export", args=[world.family.pk]) in overview


def test_another_centre_gets_404_and_partners_are_refused(world, login, record):
    url = reverse("journal_export", args=[world.family.pk])
    for persona, expected in (("ivan", 404), ("dave", 404), ("carol", 403), ("bob", 403)):
        client = login(getattr(world, persona))
        assert client.get(url).status_code == expected
        assert client.post(url).status_code == expected
    assert not AuditEvent.objects.filter(action="export").exists()
    # The panel is not offered to those who may not export.
    overview = login(world.carol).get(reverse("family_detail", args=[world.family.pk]))
    assert url not in overview.content.decode()


def test_an_empty_record_gives_an_empty_but_valid_export(world, login):
    family = f.FamilyFactory(centre=world.centre, name="Familien Tom")
    f.assign(f.CaseFactory(family=family, enrolled=True), world.alice)
    response = login(world.alice).post(reverse("journal_export", args=[family.pk]))
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert archive.namelist() == ["manifest.json"]
    assert json.loads(archive.read("manifest.json"))["document_count"] == 0


def test_the_management_command_writes_the_zip(world, record, tmp_path):
    out = io.StringIO()
    call_command(
        "journal_export", "--family", str(world.family.pk), "--output", str(tmp_path), stdout=out
    )
    (written,) = tmp_path.iterdir()
    assert written.name.startswith(f"journaludtraek-familie-{world.family.pk}-")
    assert "5 dokumenter" in out.getvalue()
    manifest = json.loads(zipfile.ZipFile(written).read("manifest.json"))
    assert manifest["document_count"] == 5
    assert manifest["generated_by"] == "manage.py journal_export"
    event = AuditEvent.objects.get(action="export", object_type="journal_export")
    assert event.user is None and event.username == "manage.py journal_export"
    assert event.family_id == world.family.pk


@pytest.mark.parametrize(
    "args, code, message",
    [
        (["--family", "999999", "--output", "{tmp}"], 1, "ingen familie med id 999999"),
        (["--family", "{family}", "--output", "{tmp}/mangler"], 1, "Mappen findes ikke"),
        (["--family", "abc", "--output", "{tmp}"], 2, "invalid int value"),
        (["--output", "{tmp}"], 2, "--family"),
    ],
)
def test_the_management_command_exit_codes(world, tmp_path, capsys, args, code, message):
    import subprocess
    import sys

    from django.conf import settings

    argv = [a.format(tmp=tmp_path, family=world.family.pk) for a in args]
    if code == 1:
        with pytest.raises(CommandError, match=message) as raised:
            call_command("journal_export", *argv)
        assert raised.value.returncode == 1
        assert not any(tmp_path.iterdir())
        return
    # Argument errors: argparse's exit code 2, from a real process.
    result = subprocess.run(
        [sys.executable, str(settings.BASE_DIR / "manage.py"), "journal_export", *argv],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == code
    assert message in result.stderr


def test_a_decision_without_a_letter_template_is_archived_as_registered(world, login, record):
    from indgang.interventions.models import DecisionLetterTemplate

    DecisionLetterTemplate.objects.update(active=False)
    archive = zipfile.ZipFile(io.BytesIO(_download(login(world.alice), world).content))
    manifest = json.loads(archive.read("manifest.json"))
    (entry,) = [d for d in manifest["documents"] if d["document_type"] == "afgoerelse"]
    text, xmp = _pdf(archive.read(entry["file"]))
    assert "Barnets behov er dokumenteret af lægen." in text
    assert "Barnets lov § 86" in text
    assert "Kære" not in text  # not a letter: the journal's own page for the decision
    assert "Dokumenttype" in text
    assert re.search(rb'pdfaid:part(="|>)2', xmp)
