"""Every write of the portal: invitations, parents' accounts and what parents tell us.

Keyword-only, named ``<entity>_<action>``, ``full_clean()`` and one transaction, an audit
event naming the family and the persons. In the portal the parent's own account is the actor.
"""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from indgang.audit.services import Action, audit_object, audit_record
from indgang.families.custody import has_custody_in
from indgang.families.models import Person
from indgang.portal.models import Invitation, ParentAccount, PortalSettings

INVITATION_KEY = "kode"  # the query parameter that carries the one-time token


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def portal_settings_for(municipality_id: int) -> PortalSettings:
    found = PortalSettings.objects.filter(municipality_id=municipality_id).first()
    return found or PortalSettings(municipality_id=municipality_id)


def may_be_invited(person: Person) -> bool:
    """A guardian with custody; a parent without custody if the municipality allows it."""
    if person.relation not in (Person.Relation.PARENT, Person.Relation.GUARDIAN):
        return False
    if has_custody_in(person, person.family_id):
        return True
    sees = portal_settings_for(person.family.municipality_id).without_custody_sees
    return sees != PortalSettings.WithoutCustody.NOTHING


def invitation_create(*, by, person: Person, base_url: str) -> Invitation:
    """Invite a parent: a one-time link by e-mail, valid for PORTAL_INVITATION_DAYS days.

    The e-mail says only that they are invited to Indgang (no CPR number, no child's name).
    An earlier open invitation to the same person stops working.
    """
    if not may_be_invited(person):
        raise ValidationError(
            _("Kun en forælder med forældremyndighed kan inviteres til forældreportalen.")
        )
    if not person.email:
        raise ValidationError(
            _("Personen har ingen e-mailadresse. Tilføj den på personens side, og prøv igen.")
        )
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    with transaction.atomic():
        Invitation.objects.filter(
            person=person, used_at__isnull=True, revoked_at__isnull=True
        ).update(revoked_at=now)
        invitation = Invitation(
            person=person,
            token_hash=token_hash(token),
            created_by=by,
            created_at=now,
            expires_at=now + timedelta(days=settings.PORTAL_INVITATION_DAYS),
        )
        invitation.full_clean()
        invitation.save()
        audit_object(
            by,
            Action.CREATE,
            invitation,
            family_id=person.family_id,
            person_ids=[person.pk],
            summary="Forælder inviteret til forældreportalen",
        )
        path = reverse("portal:invitation", args=[invitation.pk])
        link = f"{base_url.rstrip('/')}{path}?{INVITATION_KEY}={token}"
        # Sent inside the transaction: if the mail cannot go, nothing is saved.
        send_mail(
            subject=_("Du er inviteret til Indgang"),
            message=_(
                "Hej\n\nDu er inviteret til Indgang, kommunens forældreportal, hvor du kan "
                "følge jeres sag.\n\nÅbn linket for at lave din adgangskode. Linket virker "
                "én gang og i %(days)s dage:\n\n%(link)s\n\nVenlig hilsen\nIndgang"
            )
            % {"days": settings.PORTAL_INVITATION_DAYS, "link": link},
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[person.email],
        )
    return invitation


def invitation_check(*, invitation_id: int, token: str) -> Invitation:
    """The open invitation this link names, or a ValidationError saying why it does not work."""
    invitation = (
        Invitation.objects.select_related("person__family").filter(pk=invitation_id).first()
        if 0 < invitation_id < 2**63
        else None
    )
    if (
        invitation is None
        or not token
        or not secrets.compare_digest(invitation.token_hash, token_hash(token))
    ):
        raise ValidationError(
            _("Linket virker ikke. Tjek, at du har brugt hele linket fra e-mailen."),
            code="invalid",
        )
    if invitation.used_at is not None:
        raise ValidationError(
            _("Linket er allerede brugt. Log ind med din e-mail og adgangskode."), code="used"
        )
    if invitation.revoked_at is not None:
        raise ValidationError(
            _("Linket er erstattet af en nyere invitation. Brug linket i den nyeste e-mail."),
            code="revoked",
        )
    if invitation.expires_at <= timezone.now():
        raise ValidationError(
            _("Linket er udløbet. Bed din familiekoordinator om en ny invitation."),
            code="expired",
        )
    return invitation


def account_activate(*, invitation_id: int, token: str, password: str):
    """Use an invitation: make (or renew) the parent's account with their own password."""
    User = get_user_model()
    with transaction.atomic():
        invitation = invitation_check(invitation_id=invitation_id, token=token)
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.used_at is not None:  # used by a parallel request
            raise ValidationError(_("Linket er allerede brugt."), code="used")
        person = invitation.person
        account = ParentAccount.objects.select_related("user").filter(person=person).first()
        username = person.email.strip().lower()
        if account is None:
            if User.objects.filter(username__iexact=username).exists():
                raise ValidationError(
                    _(
                        "Der findes allerede en bruger med denne e-mail. "
                        "Kontakt din familiekoordinator."
                    )
                )
            user = User(
                username=username,
                email=person.email,
                first_name=person.first_name,
                last_name=person.last_name,
                role="",
            )
        else:
            user = account.user
        try:
            validate_password(password, user=user)
        except ValidationError as error:
            raise ValidationError({"password1": error.messages}) from None
        user.set_password(password)
        user.is_active = True
        user.full_clean(exclude=["password", "role"])
        user.save()
        if account is None:
            account = ParentAccount(user=user, person=person)
            account.full_clean()
            account.save()
        invitation.used_at = timezone.now()
        invitation.save(update_fields=["used_at"])
        audit_record(
            user=user,
            action=Action.CREATE,
            object_type="parentaccount",
            object_id=account.pk,
            family_id=person.family_id,
            person_ids=[person.pk],
            summary="Forælder har lavet adgangskode til forældreportalen",
        )
    return user


def _parent_write(*, account: ParentAccount, obj, summary: str, case_id: int | None = None):
    obj.full_clean()
    obj.save()
    family = account.person.family
    audit_record(
        user=account.user,
        action=Action.CREATE,
        object_type=obj._meta.model_name,
        object_id=obj.pk,
        family_id=family.pk,
        case_id=case_id,
        person_ids=[account.person_id],
        summary=summary,
    )
    return obj


def goal_comment_add(*, account: ParentAccount, goal, text: str):
    """A parent's comment on a goal of their own family's plan."""
    from indgang.portal.models import GoalComment

    if goal.plan.case.family_id != account.person.family_id:
        raise ValidationError(_("Målet hører ikke til jeres plan."))
    with transaction.atomic():
        return _parent_write(
            account=account,
            obj=GoalComment(goal=goal, account=account, text=text.strip()),
            summary="Forælder har kommenteret et mål",
            case_id=goal.plan.case_id,
        )


def goal_suggest(*, account: ParentAccount, plan, text: str):
    """A parent suggests a new goal for their family's plan."""
    from indgang.portal.models import GoalSuggestion

    if plan.case.family_id != account.person.family_id:
        raise ValidationError(_("Planen hører ikke til jeres familie."))
    with transaction.atomic():
        return _parent_write(
            account=account,
            obj=GoalSuggestion(plan=plan, account=account, text=text.strip()),
            summary="Forælder har foreslået et nyt mål",
            case_id=plan.case_id,
        )


def meeting_respond(*, account: ParentAccount, meeting, answer: str, reason: str = ""):
    """We come, or please move the meeting (with a reason): the coordinator sees it."""
    from indgang.portal.models import MeetingResponse

    if meeting.case is None or meeting.case.family_id != account.person.family_id:
        raise ValidationError(_("Mødet hører ikke til jeres familie."))
    reason = reason.strip()
    if answer == MeetingResponse.Answer.MOVE and not reason:
        raise ValidationError({"reason": _("Skriv kort, hvorfor mødet skal flyttes.")})
    with transaction.atomic():
        return _parent_write(
            account=account,
            obj=MeetingResponse(meeting=meeting, account=account, answer=answer, reason=reason),
            summary="Forælder har svaret på et møde",
            case_id=meeting.case_id,
        )


def meeting_topic_add(*, account: ParentAccount, meeting, text: str):
    """Something the parents want to talk about at the meeting; it joins the agenda."""
    from indgang.portal.models import MeetingTopic

    if meeting.case is None or meeting.case.family_id != account.person.family_id:
        raise ValidationError(_("Mødet hører ikke til jeres familie."))
    with transaction.atomic():
        return _parent_write(
            account=account,
            obj=MeetingTopic(meeting=meeting, account=account, text=text.strip()),
            summary="Forælder har tilføjet et emne til et møde",
            case_id=meeting.case_id,
        )


def consent_withdraw(*, account: ParentAccount, consent, base_url: str):
    """The parent withdraws a consent: the case rules apply (families.services), and the
    coordinator is told at once by e-mail (no names, no CPR number: only a link)."""
    from indgang.families import services as family_services
    from indgang.plans.selectors import coordinator_of

    if consent.case.family_id != account.person.family_id:
        raise ValidationError(_("Samtykket hører ikke til jeres familie."))
    family = account.person.family
    coordinator = coordinator_of(case=consent.case)
    with transaction.atomic():
        family_services.consent_withdraw(
            by=account.user, consent=consent, withdrawn_on=timezone.localdate()
        )
        if coordinator is not None and coordinator.email:
            link = f"{base_url.rstrip('/')}{reverse('family_detail', args=[family.pk])}"
            send_mail(
                subject=_("Et samtykke er trukket tilbage i Indgang"),
                message=_(
                    "En forælder har trukket et samtykke tilbage i forældreportalen.\n\n"
                    "Se familien i Indgang:\n%(link)s"
                )
                % {"link": link},
                from_email=settings.DEFAULT_FROM_EMAIL,
                recipient_list=[coordinator.email],
            )
    return consent


# ---------------------------------------------------------------- secure messages

ATTACHMENT_TYPES = {
    b"%PDF-": "application/pdf",
    b"\x89PNG\r\n\x1a\n": "image/png",
    b"\xff\xd8\xff": "image/jpeg",
}


def attachment_type(head: bytes) -> str | None:
    """The type from the file's first bytes: an .exe renamed .pdf is refused."""
    return next((kind for magic, kind in ATTACHMENT_TYPES.items() if head.startswith(magic)), None)


def _check_attachments(files) -> list[tuple[object, str]]:
    checked = []
    if len(files) > settings.PORTAL_ATTACHMENTS_PER_MESSAGE:
        raise ValidationError(
            {
                "attachments": _("Vedhæft højst %(n)s filer.")
                % {"n": settings.PORTAL_ATTACHMENTS_PER_MESSAGE}
            }
        )
    limit = settings.PORTAL_ATTACHMENT_MAX_BYTES
    for upload in files:
        if upload.size > limit:
            raise ValidationError(
                {
                    "attachments": _("Filen er for stor. Den må højst fylde %(mb)s MB.")
                    % {"mb": limit // (1024 * 1024)}
                }
            )
        upload.seek(0)
        kind = attachment_type(upload.read(16))
        upload.seek(0)
        if kind is None:
            raise ValidationError(
                {"attachments": _("Du kan kun vedhæfte PDF-filer og billeder (PNG eller JPEG).")}
            )
        checked.append((upload, kind))
    return checked


def _notify(*, to: str, link: str) -> None:
    """The notification says only that there is a new message, with a link."""
    if not to:
        return
    send_mail(
        subject=_("Du har en ny besked i Indgang"),
        message=_("Du har en ny besked i Indgang.\n\nLæs den her:\n%(link)s") % {"link": link},
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[to],
    )


def message_send(*, family, body: str, files=(), base_url: str, account=None, author=None):
    """A message from a parent (``account``) or from staff (``author``), with attachments.

    The other side gets an e-mail that says only that there is a new message.
    """
    from indgang.plans.selectors import coordinator_of
    from indgang.portal.models import Message, MessageAttachment

    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("Skriv en besked.")})
    checked = _check_attachments(list(files))
    with transaction.atomic():
        message = Message(family=family, account=account, author=author, body=body)
        message.full_clean()
        message.save()
        for upload, kind in checked:
            attachment = MessageAttachment(message=message, content_type=kind, size=upload.size)
            attachment.file.save("vedhaeftning", upload, save=False)
            attachment.save()
        audit_record(
            user=account.user if account else author,
            action=Action.CREATE,
            object_type="message",
            object_id=message.pk,
            family_id=family.pk,
            person_ids=[account.person_id] if account else [],
            summary=f"Besked sendt ({len(checked)} vedhæftninger)",
        )
        base = base_url.rstrip("/")
        if account is not None:
            case = family.cases.order_by("-referred_on", "-id").first()
            coordinator = coordinator_of(case=case)
            link = base + reverse("portal:staff_messages", args=[family.pk])
            _notify(to=coordinator.email if coordinator else "", link=link)
            # The core-team members the coordinator added to the conversation are told too.
            from indgang.portal.models import ConversationMember

            for member in ConversationMember.objects.filter(
                family=family, user__is_active=True
            ).select_related("user"):
                _notify(to=member.user.email, link=link)
        else:
            link = base + reverse("portal:messages")
            for parent in ParentAccount.objects.filter(
                person__family=family, user__is_active=True
            ).select_related("user"):
                _notify(to=parent.user.email, link=link)
    return message


def meeting_feedback_give(
    *, account: ParentAccount, meeting, useful: int, heard: int, different=""
):
    """The parents' feedback after a held meeting; once per parent and meeting."""
    from indgang.meetings.models import Meeting
    from indgang.portal.models import MeetingFeedback

    if meeting.case is None or meeting.case.family_id != account.person.family_id:
        raise ValidationError(_("Mødet hører ikke til jeres familie."))
    if meeting.status != Meeting.Status.HELD:
        raise ValidationError(_("I kan give jeres mening, når mødet er holdt."))
    if MeetingFeedback.objects.filter(meeting=meeting, account=account).exists():
        raise ValidationError(_("I har allerede svaret på dette møde. Tak for det."))
    with transaction.atomic():
        return _parent_write(
            account=account,
            obj=MeetingFeedback(
                meeting=meeting,
                account=account,
                useful=useful,
                heard=heard,
                different=(different or "").strip(),
            ),
            summary="Forælder har givet feedback på et møde",
            case_id=meeting.case_id,
        )


# ---------------------------------------------------------------- the family's conversation


def conversation_member_add(*, by, family, user):
    """The coordinator adds a core-team member of the family's centre to the conversation."""
    from indgang.organisation.models import CoreTeamMembership
    from indgang.portal.models import ConversationMember

    if not by.has_perm("families.manage_case", family):
        raise ValidationError(_("Kun familiens koordinator kan tilføje deltagere til samtalen."))
    if (
        user is None
        or not user.is_active
        or not CoreTeamMembership.objects.filter(centre_id=family.centre_id, user=user).exists()
    ):
        raise ValidationError({"user": _("Vælg et medlem af kerneteamet i familiens center.")})
    if ConversationMember.objects.filter(family=family, user=user).exists():
        raise ValidationError({"user": _("%(name)s er allerede med i samtalen.") % {"name": user}})
    with transaction.atomic():
        member = ConversationMember(family=family, user=user, added_by=by)
        member.full_clean()
        member.save()
        audit_record(
            user=by,
            action=Action.CREATE,
            object_type="conversationmember",
            object_id=member.pk,
            family_id=family.pk,
            summary=f"{user} tilføjet til familiens samtale i forældreportalen",
        )
    return member


def conversation_member_remove(*, by, member):
    """The coordinator takes a core-team member out of the conversation again."""
    if not by.has_perm("families.manage_case", member.family):
        raise ValidationError(_("Kun familiens koordinator kan fjerne deltagere fra samtalen."))
    with transaction.atomic():
        audit_record(
            user=by,
            action=Action.DELETE,
            object_type="conversationmember",
            object_id=member.pk,
            family_id=member.family_id,
            summary=f"{member.user} fjernet fra familiens samtale i forældreportalen",
        )
        member.delete()


# ---------------------------------------------------------------- the coordinator's availability


def availability_save(*, user, reach_text: str, cover_text: str = "", covered_by=None):
    """When the parents can reach the coordinator and who covers: shown on "Vores koordinator".

    The colleague who covers must be active staff of the same centre (never a parent).
    """
    from indgang.portal.models import CoordinatorAvailability

    if covered_by is not None and (
        covered_by.pk == user.pk
        or not covered_by.is_active
        or not covered_by.role
        or covered_by.centre_id != user.centre_id
    ):
        raise ValidationError({"covered_by": _("Vælg en kollega fra dit eget center.")})
    with transaction.atomic():
        availability, _created = CoordinatorAvailability.objects.select_for_update().get_or_create(
            user=user
        )
        old = {
            "reach_text": availability.reach_text,
            "cover_text": availability.cover_text,
            "covered_by": availability.covered_by_id,
        }
        availability.reach_text = (reach_text or "").strip()
        availability.cover_text = (cover_text or "").strip()
        availability.covered_by = covered_by
        availability.full_clean()
        availability.save()
        new = {
            "reach_text": availability.reach_text,
            "cover_text": availability.cover_text,
            "covered_by": availability.covered_by_id,
        }
        audit_record(
            user=user,
            action=Action.CHANGE,
            object_type="coordinatoravailability",
            object_id=availability.pk,
            summary="Træffetid til forældreportalen ændret",
            changes={k: [old[k], new[k]] for k in new if old[k] != new[k]},
        )
    return availability
