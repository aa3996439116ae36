"""The parents' side of Indgang: their accounts, invitations and what they tell the coordinator."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from indgang.families.models import Person
from indgang.organisation.models import Municipality


class PortalSettings(models.Model):
    """A municipality's choices for its parents' portal (the defaults are the cautious ones)."""

    municipality = models.OneToOneField(
        Municipality, on_delete=models.CASCADE, related_name="portal_settings"
    )
    show_staff_names_in_access_log = models.BooleanField(
        _("vis medarbejdernes navne i familiens adgangslog"), default=False
    )

    class WithoutCustody(models.TextChoices):
        """What a parent without custody of the family's children may see in the portal."""

        NOTHING = "nothing", _("Intet – de kan ikke inviteres")
        MEETINGS = "meetings", _("Kun de møder, de selv er inviteret til")
        ALL_BUT_PLAN = "all_but_plan", _("Alt undtagen den fælles plan")
        ALL = "all", _("Det samme som forældre med forældremyndighed")

    without_custody_sees = models.CharField(
        _("forældre uden forældremyndighed kan se"),
        max_length=12,
        choices=WithoutCustody.choices,
        default=WithoutCustody.NOTHING,
    )

    class Meta:
        verbose_name = _("portalindstillinger")
        verbose_name_plural = _("portalindstillinger")

    def __str__(self):
        return str(self.municipality)


class ParentAccount(models.Model):
    """A parent's own sign-in to the portal: one user, one person of one family, never staff.

    The user has no role and no centre, so every staff page sees nothing for it
    (families/access.py); the portal sees only this person's family.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="parent_account"
    )
    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="parent_account")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("forælders konto")
        verbose_name_plural = _("forældres konti")

    def __str__(self):
        return str(self.person)


class Invitation(models.Model):
    """A one-time link the coordinator sends a parent; it expires after seven days.

    Only a hash of the token is stored, so the database alone cannot sign anyone in.
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="portal_invitations")
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    # A newer invitation to the same person replaces this one.
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("invitation til portalen")
        verbose_name_plural = _("invitationer til portalen")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__gt=models.F("created_at")),
                name="portal_invitation_expires_after_created",
            ),
            models.CheckConstraint(
                condition=Q(used_at__isnull=True) | Q(revoked_at__isnull=True),
                name="portal_invitation_used_or_revoked",
            ),
        ]

    def __str__(self):
        return f"Invitation {self.pk}"

    @property
    def is_open(self) -> bool:
        return self.used_at is None and self.revoked_at is None and self.expires_at > timezone.now()


class MeetingResponse(models.Model):
    """A parent's answer to a meeting invitation: we come, or please move it (with a reason)."""

    class Answer(models.TextChoices):
        ACCEPT = "accept", _("Vi kommer")
        MOVE = "move", _("Vi vil gerne flytte mødet")

    meeting = models.ForeignKey(
        "meetings.Meeting", on_delete=models.CASCADE, related_name="parent_responses"
    )
    account = models.ForeignKey(ParentAccount, on_delete=models.CASCADE, related_name="+")
    answer = models.CharField(_("svar"), max_length=6, choices=Answer.choices)
    reason = models.CharField(_("hvorfor skal mødet flyttes"), max_length=500, blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("svar på mødeindkaldelse")
        verbose_name_plural = _("svar på mødeindkaldelser")
        ordering = ["-at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(answer="move") | ~Q(reason=""), name="portal_move_has_reason"
            )
        ]


class MeetingTopic(models.Model):
    """Something a parent wants to talk about at a coming meeting; it joins the agenda."""

    meeting = models.ForeignKey(
        "meetings.Meeting", on_delete=models.CASCADE, related_name="parent_topics"
    )
    account = models.ForeignKey(ParentAccount, on_delete=models.CASCADE, related_name="+")
    text = models.CharField(_("det vil vi gerne tale om"), max_length=1000)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("emne til møde")
        verbose_name_plural = _("emner til møder")
        ordering = ["at", "id"]


class GoalComment(models.Model):
    """A parent's own comment on a goal of the joint plan, for the coordinator to read."""

    goal = models.ForeignKey("plans.Goal", on_delete=models.CASCADE, related_name="parent_comments")
    account = models.ForeignKey(ParentAccount, on_delete=models.CASCADE, related_name="+")
    text = models.CharField(_("kommentar"), max_length=2000)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("kommentar til mål")
        verbose_name_plural = _("kommentarer til mål")
        ordering = ["at", "id"]


class GoalSuggestion(models.Model):
    """A new goal the parents suggest; the coordinator takes it up with them."""

    plan = models.ForeignKey(
        "plans.JointPlan", on_delete=models.CASCADE, related_name="parent_suggestions"
    )
    account = models.ForeignKey(ParentAccount, on_delete=models.CASCADE, related_name="+")
    text = models.CharField(_("forslag til nyt mål"), max_length=2000)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("forslag til mål")
        verbose_name_plural = _("forslag til mål")
        ordering = ["at", "id"]


class CoordinatorAvailability(models.Model):
    """When parents can reach a coordinator, and who covers when the coordinator is away."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="portal_availability"
    )
    reach_text = models.CharField(
        _("hvornår kan familien fange dig"),
        max_length=300,
        blank=True,
        help_text=_("F.eks. mandag-torsdag kl. 9-15"),
    )
    covered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dækker, når du er væk"),
    )
    cover_text = models.CharField(
        _("når du er væk"),
        max_length=300,
        blank=True,
        help_text=_("F.eks. ring til centrets fælles telefon 43 57 70 00"),
    )

    class Meta:
        verbose_name = _("koordinators træffetid")
        verbose_name_plural = _("koordinatorers træffetider")


class ConversationMember(models.Model):
    """A core-team member the coordinator has added to the family's conversation: they read
    and write its messages, and the parents see their name. Removing them deletes the row
    (the audit log keeps who added and removed whom)."""

    family = models.ForeignKey(
        "families.Family", on_delete=models.CASCADE, related_name="portal_conversation_members"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="portal_conversations"
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("deltager i samtale")
        verbose_name_plural = _("deltagere i samtaler")
        ordering = ["added_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["family", "user"], name="portal_conversation_once")
        ]


def _attachment_name(instance, filename: str) -> str:
    """A random name: the parent's own file name (which may name the child) is never stored
    as a path."""
    import uuid

    return f"portal/attachments/{uuid.uuid4().hex}"


class Message(models.Model):
    """A secure message between the family and its coordinator (and the staff they add).

    Written either by a parent (``account``) or by staff (``author``), never both.
    """

    family = models.ForeignKey(
        "families.Family", on_delete=models.CASCADE, related_name="portal_messages"
    )
    account = models.ForeignKey(
        ParentAccount, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    body = models.TextField(_("besked"), max_length=5000)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("besked")
        verbose_name_plural = _("beskeder")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["family", "at"])]
        constraints = [
            models.CheckConstraint(
                condition=(Q(account__isnull=False) & Q(author__isnull=True))
                | (Q(account__isnull=True) & Q(author__isnull=False)),
                name="portal_message_one_author",
            )
        ]

    @property
    def from_family(self) -> bool:
        return self.account_id is not None


class MessageAttachment(models.Model):
    """A PDF or image sent with a message; the type is checked from the content, not the name,
    and the file is kept through Django's storage API (a municipality may use object storage)."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=_attachment_name, max_length=200)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("vedhæftet fil")
        verbose_name_plural = _("vedhæftede filer")
        ordering = ["id"]

    @property
    def extension(self) -> str:
        return {"application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg"}.get(
            self.content_type, "bin"
        )


class MeetingFeedback(models.Model):
    """A parent's short answer after a meeting, inspired by Feedback-Informed Treatment.

    Two questions on a 1-6 scale and a comment; a low score asks the coordinator to call.
    """

    LOW = 3  # a score at or below this puts "call the family" before the coordinator

    meeting = models.ForeignKey(
        "meetings.Meeting", on_delete=models.CASCADE, related_name="parent_feedback"
    )
    account = models.ForeignKey(ParentAccount, on_delete=models.CASCADE, related_name="+")
    useful = models.PositiveSmallIntegerField(_("var mødet nyttigt for jer"))
    heard = models.PositiveSmallIntegerField(_("følte I jer hørt"))
    different = models.CharField(
        _("hvad skal være anderledes næste gang"), max_length=1000, blank=True
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("tilbagemelding på møde")
        verbose_name_plural = _("tilbagemeldinger på møder")
        ordering = ["-at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "account"], name="portal_feedback_once"),
            models.CheckConstraint(
                condition=Q(useful__gte=1, useful__lte=6, heard__gte=1, heard__lte=6),
                name="portal_feedback_scale_1_6",
            ),
        ]

    @property
    def is_low(self) -> bool:
        return min(self.useful, self.heard) <= self.LOW
