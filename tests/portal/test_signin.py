"""Parents' accounts: the invitation, the password, the separate portal, sessions, brute force."""

from datetime import timedelta

import time_machine
from django.contrib.auth import get_user_model
from django.core import mail
from django.utils import timezone

from indgang.audit.models import AuditEvent
from indgang.families.access import families_visible_to
from indgang.families.models import Person
from indgang.portal.models import Invitation, ParentAccount, PortalSettings
from tests import factories as f
from tests.portal.conftest import PASSWORD, activate, invite

User = get_user_model()


def test_the_coordinator_invites_from_the_family_page(world, login):
    client = login(world.alice)
    page = client.get(f"/familier/{world.family.pk}/").content.decode()
    assert "Forældreportal" in page and "Inviter til forældreportalen" in page
    url = f"/familie/medarbejder/familier/{world.family.pk}/inviter/{world.parent.pk}/"
    response = client.post(url)
    assert response.status_code == 302
    invitation = Invitation.objects.get(person=world.parent)
    assert invitation.expires_at - invitation.created_at == timedelta(days=7)
    (message,) = mail.outbox
    assert message.subject == "Du er inviteret til Indgang"
    assert message.to == ["maria@familie.invalid"]
    for secret in (world.parent.cpr, world.parent.cpr[:6], world.child.first_name, "Hansen"):
        assert secret not in message.subject and secret not in message.body
    assert "/familie/invitation/" in message.body
    assert AuditEvent.objects.filter(
        user=world.alice, object_type="invitation", family_id=world.family.pk
    ).exists()
    page = client.get(f"/familier/{world.family.pk}/").content.decode()
    assert "inviteret, linket udløber" in page


def test_only_a_guardian_with_custody_is_invited(world, login):
    client = login(world.alice)
    response = client.post(
        f"/familie/medarbejder/familier/{world.family.pk}/inviter/{world.child.pk}/", follow=True
    )
    assert "Kun en forælder med forældremyndighed" in response.content.decode()
    without = f.PersonFactory(
        family=world.family, parent=True, has_custody=False, email="far@familie.invalid"
    )
    url = f"/familie/medarbejder/familier/{world.family.pk}/inviter/{without.pk}/"
    assert "Kun en forælder" in client.post(url, follow=True).content.decode()
    assert not Invitation.objects.exists() and not mail.outbox
    # The municipality may choose to let a parent without custody in.
    PortalSettings.objects.create(
        municipality=world.family.municipality, without_custody_sees="all"
    )
    client.post(url)
    assert Invitation.objects.filter(person=without).exists()


def test_another_family_or_centre_cannot_be_invited(world, login):
    other_parent = f.PersonFactory(family=world.other_family, parent=True, email="x@y.invalid")
    client = login(world.alice)
    # A person of another family through this family's URL: missing.
    url = f"/familie/medarbejder/familier/{world.family.pk}/inviter/{other_parent.pk}/"
    assert client.post(url).status_code == 404
    url = f"/familie/medarbejder/familier/{world.other_family.pk}/inviter/{other_parent.pk}/"
    assert client.post(url).status_code == 404
    assert not Invitation.objects.exists()


def test_a_person_without_email_is_told_and_nothing_saved(world, login):
    world.parent.email = ""
    world.parent.save()
    response = login(world.alice).post(
        f"/familie/medarbejder/familier/{world.family.pk}/inviter/{world.parent.pk}/", follow=True
    )
    assert "ingen e-mailadresse" in response.content.decode()
    assert not Invitation.objects.exists()


def test_the_link_sets_a_password_and_signs_in(world, client):
    _, link = invite(world.alice, world.parent)
    first = client.get(link)
    # The token leaves the address bar at once (no token in history or Referer).
    assert first.status_code == 302 and "kode=" not in first["Location"]
    page = client.get(first["Location"]).content.decode()
    assert "Hej Maria" in page and "Lav en adgangskode" in page
    weak = client.post(first["Location"], {"password1": "kort", "password2": "kort"})
    assert weak.status_code == 200
    assert "Denne adgangskode er for kort" in weak.content.decode()
    assert not ParentAccount.objects.exists()
    response = activate(client, link)
    assert response.status_code == 302 and response["Location"] == "/familie/"
    account = ParentAccount.objects.get(person=world.parent)
    assert account.user.role == "" and account.user.centre is None
    assert not account.user.is_staff and not account.user.is_superuser
    assert client.get("/familie/").status_code == 200
    assert AuditEvent.objects.filter(
        user=account.user, action="create", family_id=world.family.pk
    ).exists()


def test_a_used_link_cannot_be_used_again(world, client):
    _, link = invite(world.alice, world.parent)
    activate(client, link)
    client.logout()
    response = activate(client, link, password="En helt anden lang kode")
    text = response.content.decode()
    assert response.status_code == 200 and "Linket er allerede brugt" in text
    response = client.post(
        "/familie/log-ind/",
        {"username": "maria@familie.invalid", "password": "En helt anden lang kode"},
    )
    assert response.status_code == 200  # refused: the password is still the first one


def test_an_expired_link_says_so(world, client):
    _, link = invite(world.alice, world.parent)
    with time_machine.travel(timezone.now() + timedelta(days=7, minutes=1)):
        response = activate(client, link)
        assert "Linket er udløbet" in response.content.decode()
    assert not ParentAccount.objects.exists()


def test_a_wrong_or_replaced_link_says_so(world, client):
    _, link = invite(world.alice, world.parent)
    path = link.split("?")[0]
    response = client.get(path + "?kode=forkert", follow=True)
    assert "Linket virker ikke" in response.content.decode()
    _, newer = invite(world.alice, world.parent)
    assert "erstattet af en nyere invitation" in activate(client, link).content.decode()
    assert activate(client, newer).status_code == 302
    client.logout()
    huge = client.get(f"/familie/invitation/{2**70}/")  # never a server error
    assert huge.status_code == 200 and "Linket virker ikke" in huge.content.decode()


def test_a_parent_is_never_staff(world, maria, parents):
    user = User.objects.get(parent_account__person=world.parent)
    assert not families_visible_to(user).exists()
    assert not user.has_perm("families.browse")
    # Every staff page sends the parent back to the portal.
    for path in ("/", "/familier/", f"/familier/{world.family.pk}/", "/administration/"):
        response = maria.get(path)
        assert response.status_code == 302 and response["Location"] == "/familie/", path


def test_a_parent_signing_in_on_the_staff_page_lands_in_the_portal(world, parents, client):
    response = client.post("/log-ind/", {"username": "maria@familie.invalid", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/familier/")["Location"] == "/familie/"
    assert client.get("/familie/").status_code == 200


def test_staff_cannot_use_the_portal(world, login, client, parents):
    staff = login(world.alice)
    assert staff.get("/familie/").status_code == 403
    assert staff.get("/familie/plan/").status_code == 403
    staff.logout()
    world.alice.set_password(PASSWORD)
    world.alice.save()
    response = client.post("/familie/log-ind/", {"username": "alice", "password": PASSWORD})
    assert response.status_code == 200
    assert "Forkert e-mail eller adgangskode" in response.content.decode()
    assert client.get("/familie/").status_code == 303


def test_anonymous_visitors_go_to_the_portal_sign_in(client, world):
    response = client.get("/familie/plan/")
    assert response.status_code == 303
    assert response["Location"].startswith("/familie/log-ind/?next=")


def test_a_parent_session_ends_after_15_idle_minutes_staff_keep_theirs(
    world, parents, maria, login
):
    assert maria.get("/familie/").status_code == 200
    with time_machine.travel(timezone.now() + timedelta(minutes=14)):
        assert maria.get("/familie/").status_code == 200
    with time_machine.travel(timezone.now() + timedelta(minutes=14 + 16)):
        assert maria.get("/familie/").status_code == 303
    from django.test import Client

    staff = Client()
    staff.force_login(world.alice, backend="indgang.signin.backends.StaffModelBackend")
    with time_machine.travel(timezone.now() + timedelta(minutes=16)):
        assert staff.get("/familier/").status_code == 200


def test_brute_force_locks_the_parent_out(world, parents, client):
    for _ in range(5):
        response = client.post(
            "/familie/log-ind/", {"username": "maria@familie.invalid", "password": "forkert"}
        )
    response = client.post(
        "/familie/log-ind/", {"username": "maria@familie.invalid", "password": PASSWORD}
    )
    assert response.status_code in (403, 429)
    assert "for mange forkerte forsøg" in response.content.decode()
    assert client.get("/familie/").status_code == 303


def test_a_parent_sees_only_their_own_family(world, parents, maria):
    from indgang.plans import services as plan_services
    from tests.plans.matrix import goal_data

    plan_services.goal_create(by=world.alice, case=world.case, data=goal_data(world))
    page = maria.get("/familie/plan/").content.decode()
    assert "Alma sover igennem om natten" in page and "Oskar" not in page
    last = AuditEvent.objects.order_by("-pk").first().pk
    url = f"/familie/plan/mal/{parents.jensen_goal_id}/kommentar/"
    assert maria.post(url, {"text": "Hej"}).status_code == 404
    denied = AuditEvent.objects.get(pk__gt=last, action="denied")
    assert denied.user.parent_account.person == world.parent
    assert maria.post(f"/familie/plan/mal/{2**70}/kommentar/", {"text": "x"}).status_code == 404


def test_a_withdrawn_account_is_signed_out(world, parents, maria):
    user = User.objects.get(parent_account__person=world.parent)
    user.is_active = False
    user.save()
    assert maria.get("/familie/").status_code == 303


def test_the_portal_person_is_in_one_family(world, parents):
    assert ParentAccount.objects.get(person=world.parent).person.family == world.family
    assert Person.objects.get(pk=parents.peter.pk).parent_account.user.username == "p@j.invalid"
