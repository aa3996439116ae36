"""Secure messages: parent and coordinator, attachments checked from their content, size limit,
storage through Django's storage API, notifications that say nothing but "a new message"."""

import re

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from indgang.audit.models import AuditEvent
from indgang.portal.models import Message, MessageAttachment

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def _staff(world) -> Client:
    client = Client()
    client.force_login(world.alice, backend="indgang.signin.backends.StaffModelBackend")
    return client


def test_a_parent_writes_with_an_attachment_and_the_coordinator_answers(world, maria):
    world.alice.email = "alice@ishoj.invalid"
    world.alice.save()
    upload = SimpleUploadedFile("Almas journal.pdf", PDF, content_type="application/pdf")
    response = maria.post(
        "/familie/beskeder/", {"body": "Hvornår er mødet?", "attachments": upload}
    )
    assert response.status_code == 302
    message = Message.objects.get()
    assert message.account.person == world.parent and message.author is None
    attachment = MessageAttachment.objects.get()
    assert attachment.content_type == "application/pdf"
    assert "Alma" not in attachment.file.name  # the stored name is random
    (notice,) = mail.outbox
    assert notice.to == ["alice@ishoj.invalid"]
    assert notice.subject == "Du har en ny besked i Indgang"
    assert "Hvornår er mødet" not in notice.body and world.family.name not in notice.body
    assert world.parent.full_name not in notice.body
    assert f"/familie/medarbejder/familier/{world.family.pk}/beskeder/" in notice.body

    staff = _staff(world)
    page = staff.get(f"/familier/{world.family.pk}/").content.decode()
    assert "Ubesvaret besked fra familien" in page
    page = staff.get(f"/familie/medarbejder/familier/{world.family.pk}/beskeder/").content.decode()
    assert "Hvornår er mødet?" in page
    download = staff.get(
        f"/familie/medarbejder/familier/{world.family.pk}/beskeder/fil/{attachment.pk}/"
    )
    assert download.status_code == 200 and download.content == PDF
    assert "Alma" not in download["Content-Disposition"]

    mail.outbox.clear()
    staff.post(
        f"/familie/medarbejder/familier/{world.family.pk}/beskeder/",
        {"body": "Torsdag kl. 10", "attachments": SimpleUploadedFile("kort.png", PNG)},
    )
    (notice,) = mail.outbox
    assert notice.to == ["maria@familie.invalid"] and "Torsdag" not in notice.body
    assert "Ubesvaret" not in staff.get(f"/familier/{world.family.pk}/").content.decode()
    page = maria.get("/familie/beskeder/").content.decode()
    assert "Torsdag kl. 10" in page
    png = Message.objects.get(author=world.alice).attachments.get()
    assert maria.get(f"/familie/beskeder/fil/{png.pk}/").content == PNG
    assert AuditEvent.objects.filter(object_type="message", user=world.alice).exists()


def test_a_disguised_file_is_refused_and_nothing_saved(world, maria):
    exe = SimpleUploadedFile("faktura.pdf", b"MZ\x90\x00" + b"\x00" * 60)
    response = maria.post("/familie/beskeder/", {"body": "Se filen", "attachments": exe})
    assert response.status_code == 400
    assert "kun vedhæfte PDF-filer og billeder" in response.content.decode()
    assert not Message.objects.exists() and not MessageAttachment.objects.exists()
    assert not mail.outbox


def test_an_oversize_file_is_refused(world, maria, settings):
    settings.PORTAL_ATTACHMENT_MAX_BYTES = 1024 * 1024
    big = SimpleUploadedFile("scan.pdf", PDF + b"0" * (1024 * 1024))
    response = maria.post("/familie/beskeder/", {"body": "Stor fil", "attachments": big})
    assert response.status_code == 400 and "Filen er for stor" in response.content.decode()
    assert not Message.objects.exists()


def test_an_empty_message_is_refused(world, maria):
    response = maria.post("/familie/beskeder/", {"body": "  "})
    assert response.status_code == 400
    assert not Message.objects.exists()


def test_another_familys_attachment_is_missing(world, maria, parents):
    from django.core.files.base import ContentFile

    other = Message.objects.create(
        family=parents.peter.family, author=world.alice, body="Til Jensen"
    )
    attachment = MessageAttachment(message=other, content_type="application/pdf", size=len(PDF))
    attachment.file.save("x", ContentFile(PDF), save=False)
    attachment.save()
    assert maria.get(f"/familie/beskeder/fil/{attachment.pk}/").status_code == 404
    assert maria.get(f"/familie/beskeder/fil/{2**70}/").status_code == 404
    assert "Til Jensen" not in maria.get("/familie/beskeder/").content.decode()
    assert AuditEvent.objects.filter(action="denied", object_type="attachment").count() == 2


def test_a_long_conversation_is_shown_a_page_at_a_time(world, maria):
    from datetime import datetime, timedelta
    from zoneinfo import ZoneInfo

    start = datetime(2026, 1, 1, 9, tzinfo=ZoneInfo("Europe/Copenhagen"))
    for n in range(35):
        Message.objects.create(
            family=world.family,
            author=world.alice,
            body=f"Besked nr. {n:02d}",
            at=start + timedelta(days=n),
        )
    page = maria.get("/familie/beskeder/").content.decode()
    assert "Besked nr. 34" in page and "Besked nr. 05" in page and "Besked nr. 04" not in page
    older = re.search(r'href="\?foer=(\d+)"', page).group(1)
    page = maria.get(f"/familie/beskeder/?foer={older}").content.decode()
    assert "Besked nr. 04" in page and "Besked nr. 00" in page and "Besked nr. 05" not in page
    assert "Vis ældre beskeder" not in page and "Vis de nyeste beskeder" in page
    # Nonsense is the newest page; the staff side pages the same way.
    assert "Besked nr. 34" in maria.get("/familie/beskeder/?foer=abc").content.decode()
    staff = _staff(world).get(
        f"/familie/medarbejder/familier/{world.family.pk}/beskeder/?foer={older}"
    )
    assert "Besked nr. 04" in staff.content.decode()
