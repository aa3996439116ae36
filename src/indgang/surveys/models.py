"""The evaluation: surveys of parents and staff in rounds, and the quarterly status measurement.

DOMAIN.md section 5. A survey is data (themes and questions), sent in rounds as personal
one-time links; the analysis (analysis.py) turns the answers into theme scores per round.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from indgang.families.models import Family, Person
from indgang.organisation.models import Municipality

SCORE_MIN, SCORE_MAX = 1, 6


class EvaluationModel(models.TextChoices):
    """The two models of the national programme a round or status score is reported under."""

    EEN_FAMILIE = "een_familie", _("Én familie – én indgang")
    SAMMEN = "sammen_om_familien", _("Sammen om familien")


class Survey(models.Model):
    """A questionnaire for parents or staff: themes, each with questions scored 1-6.

    Without a municipality it is a national template (seeded from the evaluation); a
    municipality's own survey may start as a copy of a template and gain questions.
    """

    class Kind(models.TextChoices):
        PARENT = "parent", _("Forældre")
        STAFF = "staff", _("Medarbejdere")

    name = models.CharField(_("navn"), max_length=200)
    kind = models.CharField(_("målgruppe"), max_length=10, choices=Kind.choices)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="surveys",
        verbose_name=_("kommune"),
    )
    anonymous = models.BooleanField(
        _("anonym"),
        default=True,
        help_text=_("Anonym: svarene kan ikke føres tilbage til den, der har svaret."),
    )
    based_on = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="copies"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["municipality__name", "name"]
        verbose_name = _("spørgeskema")
        verbose_name_plural = _("spørgeskemaer")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name"], name="survey_unique_name_per_municipality"
            ),
            models.UniqueConstraint(
                fields=["name"],
                condition=Q(municipality__isnull=True),
                name="survey_unique_template_name",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_template(self) -> bool:
        return self.municipality_id is None


class Theme(models.Model):
    """A theme of a survey (sammenhæng, inddragelse, ...); its score is the mean of its questions."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="themes")
    name = models.CharField(_("tema"), max_length=100)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("tema")
        verbose_name_plural = _("temaer")
        ordering = ["survey", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "name"], name="theme_unique_name"),
        ]

    def __str__(self):
        return self.name


class Question(models.Model):
    """One statement scored 1 ("slet ikke") to 6 ("i meget høj grad"), or "ved ikke"."""

    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="questions")
    text = models.CharField(_("spørgsmål"), max_length=300)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("spørgsmål")
        verbose_name_plural = _("spørgsmål")
        ordering = ["theme__position", "theme", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["theme", "text"], name="question_unique_text"),
        ]

    def __str__(self):
        return self.text


class Round(models.Model):
    """One sending of a survey in one municipality (baseline, midtvejs, slutmåling, ...)."""

    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="rounds")
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="survey_rounds"
    )
    model = models.CharField(
        _("model"),
        max_length=20,
        choices=EvaluationModel.choices,
        default=EvaluationModel.EEN_FAMILIE,
    )
    name = models.CharField(_("runde"), max_length=100)
    opened_on = models.DateField(_("sendt den"))
    # After this day the links answer no more and leave the parents' portal; none: open.
    closes_on = models.DateField(_("lukker den"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("runde")
        verbose_name_plural = _("runder")
        ordering = ["opened_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "municipality", "name"], name="round_unique_name"
            ),
            models.CheckConstraint(
                condition=Q(closes_on__isnull=True) | Q(closes_on__gte=models.F("opened_on")),
                name="round_closes_after_opening",
            ),
        ]

    def __str__(self):
        return f"{self.survey} – {self.name}"

    def is_open(self, on) -> bool:
        return self.closes_on is None or on <= self.closes_on


class Invitation(models.Model):
    """A personal one-time link to a round, sent by e-mail to a parent or a member of staff.

    The token is the key: it carries no name or CPR number and answers once.
    """

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="invitations")
    token = models.CharField(max_length=64, unique=True)
    email = models.EmailField()
    family = models.ForeignKey(
        Family, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    sent_at = models.DateTimeField()
    reminded_at = models.DateTimeField(null=True, blank=True)
    reminders = models.PositiveSmallIntegerField(default=0)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("invitation til spørgeskema")
        verbose_name_plural = _("invitationer til spørgeskemaer")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "person"],
                condition=Q(person__isnull=False),
                name="invitation_one_per_person",
            ),
            models.UniqueConstraint(
                fields=["round", "staff"],
                condition=Q(staff__isnull=False),
                name="invitation_one_per_staff",
            ),
            models.CheckConstraint(
                condition=Q(person__isnull=False) | Q(staff__isnull=False),
                name="invitation_has_recipient",
            ),
        ]


class Response(models.Model):
    """One completed questionnaire. In an anonymous survey it is not linked to its invitation."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="responses")
    invitation = models.OneToOneField(
        Invitation, on_delete=models.SET_NULL, null=True, blank=True, related_name="response"
    )
    respondent = models.CharField(max_length=32)  # a random key grouping the answers
    submitted_at = models.DateTimeField()

    class Meta:
        verbose_name = _("besvarelse")
        verbose_name_plural = _("besvarelser")
        ordering = ["pk"]


class Answer(models.Model):
    """A score 1-6 on one question; no score means "ved ikke", which does not count."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    score = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("svar")
        verbose_name_plural = _("svar")
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="answer_unique"),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=SCORE_MIN, score__lte=SCORE_MAX),
                name="answer_score_1_to_6",
            ),
        ]


class CoreElement(models.TextChoices):
    """The four core elements of "Én familie – én indgang", keyed by name (not by number:
    the evaluation's figure numbers them differently from its list)."""

    INVOLVEMENT = "inddragelse", _("Inddragelse af familien")
    COORDINATION = "koordineret", _("Koordineret sagsbehandling")
    SYSTEMATIC = "systematisk", _("Fælles systematisk tilgang")
    FINANCING = "finansiering", _("Fælles finansiering")


class StatusScore(models.Model):
    """A key staff member's quarterly self-assessment (1-6) of how far one core element is
    practised; the trend per element is the mean per quarter."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="status_scores"
    )
    model = models.CharField(
        _("model"),
        max_length=20,
        choices=EvaluationModel.choices,
        default=EvaluationModel.EEN_FAMILIE,
    )
    year = models.PositiveSmallIntegerField(_("år"))
    quarter = models.PositiveSmallIntegerField(_("kvartal"))
    element = models.CharField(_("kerneelement"), max_length=20, choices=CoreElement.choices)
    score = models.PositiveSmallIntegerField(_("vurdering"))
    scored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("statusscore")
        verbose_name_plural = _("statusscorer")
        ordering = ["year", "quarter", "element"]
        indexes = [models.Index(fields=["municipality", "model", "year", "quarter"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(score__gte=SCORE_MIN, score__lte=SCORE_MAX),
                name="status_score_1_to_6",
            ),
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4), name="status_quarter_1_to_4"
            ),
            models.UniqueConstraint(
                fields=["scored_by", "municipality", "model", "year", "quarter", "element"],
                condition=Q(scored_by__isnull=False),
                name="status_score_once_per_quarter",
            ),
        ]


class StatusReminder(models.Model):
    """One e-mail per key staff member per quarter reminding them to give their status scores;
    the unique key makes a second run of the reminder job send nothing."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    quarter = models.PositiveSmallIntegerField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("statuspåmindelse")
        verbose_name_plural = _("statuspåmindelser")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "year", "quarter"], name="status_reminder_once_per_quarter"
            ),
        ]
