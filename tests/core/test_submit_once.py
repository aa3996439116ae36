"""A form is saved once: sending the same form again (back in the browser, then send) goes to
the first send's result instead of creating a second record (core/submit_once.py)."""

import re

from django.urls import reverse

from indgang.core.models import FormSubmission
from indgang.core.submit_once import ALREADY_SENT
from indgang.followup.models import ContactLog as Contact

CONTACT = {"on": "2026-11-23", "form": "phone", "with_whom": "Mor", "initiative": "coordinator"}


def _token(html: str) -> str:
    return re.search(r'data-form-token="([0-9a-f]{32})"', html).group(1)


def test_the_same_form_sent_twice_is_saved_once(world, login):
    client = login(world.alice)
    url = reverse("contact_create", args=[world.family.pk])
    token = _token(client.get(url).content.decode())
    first = client.post(url, {**CONTACT, "form_token": token})
    assert first.status_code == 302
    again = client.post(url, {**CONTACT, "form_token": token}, follow=True)
    assert again.redirect_chain[0][0] == first["Location"]
    assert ALREADY_SENT in again.content.decode()
    assert Contact.objects.filter(case=world.case, with_whom="Mor").count() == 1


def test_a_refused_send_does_not_use_up_the_token(world, login):
    client = login(world.alice)
    url = reverse("contact_create", args=[world.family.pk])
    token = _token(client.get(url).content.decode())
    refused = client.post(url, {**CONTACT, "on": "", "form_token": token})
    assert refused.status_code == 200 and "fejl i formularen" in refused.content.decode()
    assert not FormSubmission.objects.filter(token=token).exists()
    assert client.post(url, {**CONTACT, "form_token": token}).status_code == 302
    assert Contact.objects.filter(case=world.case, with_whom="Mor").count() == 1


def test_each_page_load_has_its_own_token_and_sends_without_one_still_work(world, login):
    client = login(world.alice)
    url = reverse("contact_create", args=[world.family.pk])
    assert _token(client.get(url).content.decode()) != _token(client.get(url).content.decode())
    for _ in range(2):  # without the script (no token): saved each time, as before
        assert client.post(url, CONTACT).status_code == 302
    assert Contact.objects.filter(case=world.case, with_whom="Mor").count() == 2
    # Something that is not a token is ignored rather than trusted.
    assert client.post(url, {**CONTACT, "form_token": "x" * 32}).status_code == 302
    assert not FormSubmission.objects.filter(token="x" * 32).exists()
