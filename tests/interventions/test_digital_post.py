"""Decision letters as Digital Post (MeMo) messages: the XML read back, the letter inside it read
back as PDF/A, the date sent on the decision and the family's pages, access and audit."""

import base64
import io
import re
import xml.etree.ElementTree as ET
from datetime import date

import pypdf
import pytest
from django.urls import reverse

from indgang.audit.models import AuditEvent, AuditPerson
from indgang.interventions.digital_post import MEMO_NS
from indgang.interventions.models import Decision, MunicipalityPolicy
from tests import factories as f
from tests.interventions.helpers import configure, grant

pytestmark = pytest.mark.django_db

N = {"memo": MEMO_NS}
CVR = "29189854"  # a made-up CVR number for the test municipality


@pytest.fixture
def decision(world):
    configure(world)
    MunicipalityPolicy.objects.filter(municipality=world.family.municipality).update(
        digital_post_cvr=CVR
    )
    return grant(world, period_to=date(2026, 12, 31))


def _url(world, decision):
    return reverse("decision_digital_post", args=[world.family.pk, decision.pk])


def _text(element, path):
    found = element.find(path, N)
    assert found is not None, f"{path} missing"
    return found.text


def _send(client, world, decision, recipient):
    return client.post(_url(world, decision), {"recipient": recipient.pk})


def test_the_message_carries_cpr_title_sender_and_the_letter_as_pdfa(world, login, decision):
    response = _send(login(world.alice), world, decision, world.parent)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    disposition = response["Content-Disposition"]
    assert disposition == f'attachment; filename="digitalpost-afgoerelse-{decision.pk}.xml"'
    assert world.parent.cpr not in disposition

    root = ET.fromstring(response.content)
    assert root.tag == f"{{{MEMO_NS}}}Message"
    assert root.get("memoVersion") == "1.1"
    header = root.find("memo:MessageHeader", N)
    assert _text(header, "memo:messageType") == "DIGITALPOST"
    assert _text(header, "memo:label") == "Afgørelse om merudgifter: bevilget"
    assert _text(header, "memo:Sender/memo:senderID") == CVR
    assert _text(header, "memo:Sender/memo:idType") == "CVR"
    assert _text(header, "memo:Sender/memo:label") == "Ishøj Kommune"
    assert _text(header, "memo:Recipient/memo:recipientID") == world.parent.cpr
    assert _text(header, "memo:Recipient/memo:idType") == "CPR"
    assert _text(header, "memo:Recipient/memo:label") == "Maria Hansen"
    # The child's CPR number is not in the message: only the recipient's.
    assert world.child.cpr not in response.content.decode()
    # The schema's sequence: the header's simple elements come before Sender and Recipient.
    names = [child.tag.split("}")[1] for child in header]
    assert names.index("label") < names.index("Sender") < names.index("Recipient")

    file = root.find("memo:MessageBody/memo:MainDocument/memo:File", N)
    assert _text(file, "memo:encodingFormat") == "application/pdf"
    assert _text(file, "memo:filename") == f"afgoerelse-{decision.pk}.pdf"
    assert _text(file, "memo:language") == "da"
    pdf = base64.b64decode(_text(file, "memo:content"), validate=True)
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Kære Maria Hansen" in text
    assert "Barnets behov er dokumenteret af lægen." in text
    xmp = reader.xmp_metadata
    assert xmp is not None
    assert re.search(rb'pdfaid:part="2"|<pdfaid:part>2<', xmp.stream.get_data())

    decision.refresh_from_db()
    assert decision.digital_post_sent_at is not None
    assert decision.digital_post_sent_by == world.alice
    assert decision.digital_post_recipient == world.parent
    assert str(decision.digital_post_message_uuid) == _text(header, "memo:messageUUID")

    event = AuditEvent.objects.get(action="export", object_type="decision", object_id=decision.pk)
    assert event.family_id == world.family.pk
    assert world.parent.pk in set(
        AuditPerson.objects.filter(event=event).values_list("person_id", flat=True)
    )
    assert world.parent.cpr not in event.summary
    assert world.parent.cpr not in str(event.changes)


def test_the_date_sent_is_shown_on_the_decisions_and_the_family_page(world, login, decision):
    client = login(world.alice)
    page = client.get(reverse("family_interventions", args=[world.family.pk])).content.decode()
    assert "Ikke sendt" in page
    assert "Send med Digital Post" in page
    panel = client.get(reverse("family_detail", args=[world.family.pk])).content.decode()
    assert "ingen afgørelsesbreve sendt" in panel

    _send(client, world, decision, world.parent)

    page = client.get(reverse("family_interventions", args=[world.family.pk])).content.decode()
    assert "Sendt 23.11.2026" in page
    assert "Send igen med Digital Post" in page
    panel = client.get(reverse("family_detail", args=[world.family.pk])).content.decode()
    assert "Digital Post: senest sendt 23. nov. 2026." in panel
    own = client.get(_url(world, decision)).content.decode()
    assert "23. nov. 2026 kl." in own
    assert "til Maria Hansen" in own
    # The page shows the CPR number masked only.
    assert world.parent.cpr not in own
    assert world.parent.masked_cpr in own


def test_sending_again_makes_a_new_message_and_a_new_audit_event(world, login, decision):
    client = login(world.alice)
    first = ET.fromstring(_send(client, world, decision, world.parent).content)
    second = ET.fromstring(_send(client, world, decision, world.parent).content)
    uuids = {_text(m, "memo:MessageHeader/memo:messageUUID") for m in (first, second)}
    assert len(uuids) == 2
    decision.refresh_from_db()
    assert str(decision.digital_post_message_uuid) == _text(
        second, "memo:MessageHeader/memo:messageUUID"
    )
    assert AuditEvent.objects.filter(action="export", object_id=decision.pk).count() == 2


def test_without_the_municipalitys_cvr_nothing_is_sent(world, login, decision):
    MunicipalityPolicy.objects.filter(municipality=world.family.municipality).update(
        digital_post_cvr=""
    )
    client = login(world.alice)
    page = client.get(_url(world, decision)).content.decode()
    assert "CVR-nummer til Digital Post er ikke registreret" in page
    response = _send(client, world, decision, world.parent)
    assert response.status_code == 200
    assert "CVR-nummer til Digital Post er ikke registreret" in response.content.decode()
    decision.refresh_from_db()
    assert decision.digital_post_sent_at is None
    assert not AuditEvent.objects.filter(action="export", object_id=decision.pk).exists()


def test_the_recipient_must_be_a_parent_of_the_family_with_a_cpr(world, login, decision):
    client = login(world.alice)
    stranger = f.PersonFactory(family=world.other_family, parent=True)
    for person in (world.child, stranger):
        response = _send(client, world, decision, person)
        assert response.status_code == 200
        assert "Vælg en af forældrene på listen." in response.content.decode()
    response = client.post(_url(world, decision), {"recipient": "x"})
    assert "Vælg en af forældrene på listen." in response.content.decode()
    decision.refresh_from_db()
    assert decision.digital_post_sent_at is None
    assert not AuditEvent.objects.filter(action="export", object_id=decision.pk).exists()


def test_a_family_without_a_parents_cpr_cannot_use_digital_post(world, login, decision):
    type(world.parent).objects.filter(pk=world.parent.pk).update(cpr=None)
    page = login(world.alice).get(_url(world, decision)).content.decode()
    assert "ingen forælder med et CPR-nummer" in page


def test_another_centre_and_partners_cannot_send(world, login, decision):
    url = _url(world, decision)
    for persona, expected in (("ivan", 404), ("carol", 403), ("bob", 403)):
        client = login(getattr(world, persona))
        assert client.get(url).status_code == expected
        assert client.post(url, {"recipient": world.parent.pk}).status_code == expected
    # Another family's decision under this family's id is missing, not someone else's.
    other = grant(world, case=f.CaseFactory(family=f.FamilyFactory(centre=world.centre)))
    assert login(world.alice).get(_url(world, other)).status_code == 404
    assert not Decision.objects.filter(digital_post_sent_at__isnull=False).exists()


def test_the_page_is_read_logged(world, login, decision):
    login(world.alice).get(_url(world, decision))
    event = AuditEvent.objects.filter(action="view", family_id=world.family.pk).latest("pk")
    assert event.user == world.alice


def test_the_leader_registers_the_cvr_on_the_policy_page(world, login, decision):
    municipality = world.family.municipality
    url = reverse("municipality_policy", args=[municipality.pk])
    client = login(world.erin)
    form = client.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data["core_team_may_decide"] = ""
    response = client.post(url, {**data, "digital_post_cvr": "1234"})
    assert "Et CVR-nummer er 8 cifre" in response.content.decode()
    assert MunicipalityPolicy.objects.get(municipality=municipality).digital_post_cvr == CVR
    response = client.post(url, {**data, "digital_post_cvr": "12345678"})
    assert response.status_code == 302
    assert MunicipalityPolicy.objects.get(municipality=municipality).digital_post_cvr == "12345678"
