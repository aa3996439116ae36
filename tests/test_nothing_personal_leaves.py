"""The suite's own guards (tests/mail.py, tests/conftest.py) catch what they are meant to."""

import logging

import pytest
from django.core.mail import send_mail

from tests.conftest import CPR_SHAPED
from tests.mail import LeakingMail


def test_a_cpr_number_in_an_e_mail_fails_the_test_that_sends_it(world):
    with pytest.raises(LeakingMail):
        send_mail("Hej", f"Barnets CPR er {world.child.cpr}", None, ["a@example.invalid"])


def test_a_family_name_in_a_subject_fails(world):
    with pytest.raises(LeakingMail):
        send_mail(f"Møde om {world.family.name}", "Se kalenderen.", None, ["a@example.invalid"])


def test_ordinary_mail_goes_through(world):
    from django.core import mail

    send_mail("Du har en ny besked i Indgang", "Log ind for at læse den.", None, ["a@x.invalid"])
    assert len(mail.outbox) == 1


def test_the_log_check_sees_cpr_shaped_numbers():
    assert CPR_SHAPED.search("opslag på 010203-4711")
    assert CPR_SHAPED.search("0102034711 i en besked")
    assert not CPR_SHAPED.search("Not Found: /familier/999999999999999999999999999999/")
    assert not CPR_SHAPED.search("2026-12-02 06:41:35,323 ERROR django.request")
    logging.getLogger("indgang.test").info("intet personligt her")
