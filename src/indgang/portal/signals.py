"""A parent's sign-in, whichever way it came, marks the session as a parent's.

The mark is what confines the session to the portal (middleware.py): a parent who signs in
on the staff log-in page still lands in the portal and sees no staff page.
"""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

PORTAL_PERSON = "indgang_portal_person"


@receiver(user_logged_in)
def _mark_parent_session(sender, request, user, **kwargs):
    if request is None or not hasattr(request, "session"):
        return
    from indgang.portal.models import ParentAccount

    person_id = (
        ParentAccount.objects.filter(user_id=user.pk).values_list("person_id", flat=True).first()
    )
    if person_id is None:
        request.session.pop(PORTAL_PERSON, None)
    else:
        request.session[PORTAL_PERSON] = person_id
