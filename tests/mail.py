"""The test suite's mail backend: Django's locmem outbox, and a check on every message sent.

No CPR number may leave in an e-mail (subject, body or attachment), and no family's name
may stand in a subject: subjects pass in clear through every mail server on the way,
also outside the municipality. A message that breaks either rule fails the test that sent it.
"""

import re

from django.core.mail.backends.locmem import EmailBackend


class LeakingMail(AssertionError):
    pass


def _texts(message) -> list[str]:
    texts = [message.subject, message.body]
    for attachment in message.attachments:
        if isinstance(attachment, tuple):
            content = attachment[1]
        else:
            content = attachment.get_payload(decode=True) or b""
        if isinstance(content, bytes):
            content = content.decode("utf-8", errors="ignore")
        texts.append(str(content))
    return texts


def check_message(message) -> None:
    from indgang.families.models import Family, Person

    try:
        cprs = [c for c in Person.objects.exclude(cpr=None).values_list("cpr", flat=True) if c]
        names = list(Family.objects.values_list("name", flat=True))
    except RuntimeError:  # a test without database access: nothing to compare against
        return
    texts = _texts(message)
    for cpr in cprs:
        pattern = re.compile(rf"{cpr[:6]}-?{cpr[6:]}")
        if any(pattern.search(text) for text in texts):
            raise LeakingMail(f"a CPR number in an e-mail to {message.to}: {message.subject!r}")
    for name in names:
        if name and name in message.subject:
            raise LeakingMail(f"a family's name in an e-mail subject: {message.subject!r}")


class CheckingEmailBackend(EmailBackend):
    def send_messages(self, messages):
        for message in messages:
            check_message(message)
        return super().send_messages(messages)
