"""Decision letters as Digital Post messages in the MeMo format.

MeMo ("Meddelelsesmodellen") is the XML message the public Digital Post gateways take
(Digitaliseringsstyrelsen, https://digitaliser.dk/digital-post/vejledninger/memo). We write
version 1.1 (namespace ``https://DigitalPost.dk/MeMo-1``) with the elements a letter needs:

    Message memoVersion="1.1" memoSchVersion="1.1.0"
      MessageHeader
        messageType DIGITALPOST · messageUUID · messageID · label (the title)
        mandatory · legalNotification
        Sender     senderID (the municipality's CVR number) · idType CVR · label
        Recipient  recipientID (the parent's CPR number) · idType CPR · label (the name)
        ContentData  CaseID (caseID, caseSystem "Indgang")
      MessageBody
        createdDateTime
        MainDocument  mainDocumentID · label
          File  encodingFormat application/pdf · filename · language da · content (base64)

The elements are written in the schema's sequence order. The recipient's CPR number is in
the message because that is how Digital Post finds the mailbox; it is nowhere else: not in the
file name, the URL, the audit summary or a log line. docs/journal-export.md describes it.
"""

import base64
import uuid
from datetime import datetime
from xml.etree import ElementTree as ET  # nosec B405: builds XML only, parses none

from django.utils import timezone

from indgang.families.models import Person
from indgang.interventions.letters import _mid_sentence
from indgang.interventions.models import Decision, MunicipalityPolicy

MEMO_NS = "https://DigitalPost.dk/MeMo-1"
MEMO_VERSION = "1.1"
MEMO_SCHEMA_VERSION = "1.1.0"
CASE_SYSTEM = "Indgang"
# The letter is a PDF/A document: what archives and Digital Post both keep readable.
PDF_VARIANT = "pdf/a-2b"

ET.register_namespace("memo", MEMO_NS)


class DigitalPostError(Exception):
    """Why a decision cannot be sent with Digital Post, in Danish for the caseworker."""


def sender_cvr(decision: Decision) -> str:
    policy = MunicipalityPolicy.objects.filter(municipality_id=decision.municipality_id).first()
    cvr = policy.digital_post_cvr if policy else ""
    if not cvr:
        raise DigitalPostError(
            f"{decision.municipality.name} Kommunes CVR-nummer til Digital Post er ikke "
            "registreret. En leder kan skrive det under Opsætning › Politik."
        )
    return cvr


def recipients(decision: Decision) -> list[Person]:
    """Who the letter may be sent to: the family's parents and guardians with a CPR number,
    those with custody first. Digital Post finds a citizen's mailbox by CPR number only."""
    members = [
        m
        for m in decision.family.members.all()
        if m.relation in (Person.Relation.PARENT, Person.Relation.GUARDIAN) and m.cpr
    ]
    return sorted(members, key=lambda m: (not m.has_custody, m.first_name, m.pk))


def message_title(decision: Decision) -> str:
    """The label a citizen sees in the mailbox: what the letter is about, never a CPR number."""
    return (
        f"Afgørelse om {_mid_sentence(decision.intervention_type.name)}: "
        f"{str(decision.get_outcome_display()).lower()}"
    )[:150]


def letter_filename(decision: Decision) -> str:
    return f"afgoerelse-{decision.pk}.pdf"


def message_filename(decision: Decision) -> str:
    return f"digitalpost-afgoerelse-{decision.pk}.xml"


def _sub(parent: ET.Element, name: str, text: str | None = None) -> ET.Element:
    element = ET.SubElement(parent, f"{{{MEMO_NS}}}{name}")
    if text is not None:
        element.text = text
    return element


def memo_message(
    *,
    decision: Decision,
    recipient: Person,
    pdf: bytes,
    cvr: str,
    message_uuid: uuid.UUID,
    created_at: datetime,
) -> bytes:
    """The MeMo XML (UTF-8, with declaration) carrying the letter to one recipient."""
    if recipient.family_id != decision.family_id or not recipient.cpr:
        raise DigitalPostError("Modtageren skal være en forælder i familien med et CPR-nummer.")
    title = message_title(decision)
    root = ET.Element(
        f"{{{MEMO_NS}}}Message",
        {"memoVersion": MEMO_VERSION, "memoSchVersion": MEMO_SCHEMA_VERSION},
    )
    header = _sub(root, "MessageHeader")
    _sub(header, "messageType", "DIGITALPOST")
    _sub(header, "messageUUID", str(message_uuid))
    _sub(header, "messageID", f"indgang-afgoerelse-{decision.pk}")
    _sub(header, "label", title)
    _sub(header, "mandatory", "false")
    _sub(header, "legalNotification", "false")
    sender = _sub(header, "Sender")
    _sub(sender, "senderID", cvr)
    _sub(sender, "idType", "CVR")
    _sub(sender, "label", f"{decision.municipality.name} Kommune")
    to = _sub(header, "Recipient")
    _sub(to, "recipientID", recipient.cpr)
    _sub(to, "idType", "CPR")
    _sub(to, "label", recipient.full_name)
    content = _sub(header, "ContentData")
    case_id = _sub(content, "CaseID")
    _sub(case_id, "caseID", f"sag-{decision.application.case_id}")
    _sub(case_id, "caseSystem", CASE_SYSTEM)
    body = _sub(root, "MessageBody")
    _sub(body, "createdDateTime", timezone.localtime(created_at).isoformat(timespec="seconds"))
    main = _sub(body, "MainDocument")
    _sub(main, "mainDocumentID", f"afgoerelse-{decision.pk}")
    _sub(main, "label", title)
    file = _sub(main, "File")
    _sub(file, "encodingFormat", "application/pdf")
    _sub(file, "filename", letter_filename(decision))
    _sub(file, "language", "da")
    _sub(file, "content", base64.b64encode(pdf).decode("ascii"))
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)
