"""The core team's weekly meeting: the week's page (meeting, agenda, minutes), planning the
meeting and changing it, items by hand and minutes per item."""

from datetime import date, datetime, timedelta

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from indgang.audit.services import Action, audit_record
from indgang.core.forms import Form, ModelMultipleChoiceField, apply_validation_error, date_field
from indgang.core.validators import validate_date_range
from indgang.families.access import family_for
from indgang.families.reads import note_shown
from indgang.followup import agenda
from indgang.followup.forms import AgendaItemForm, MinutesForm
from indgang.organisation.models import User

AGENDA = "followup.core_team_agenda"


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%H:%M")


class WeeklyMeetingForm(Form):
    on = date_field("Dato")
    starts = forms.TimeField(
        label="Starter kl.", widget=TimeInput(), input_formats=["%H:%M", "%H.%M"]
    )
    ends = forms.TimeField(
        label="Slutter kl.",
        widget=TimeInput(),
        input_formats=["%H:%M", "%H.%M"],
        required=False,
        help_text="Tom: en time efter start.",
    )
    place = forms.CharField(label="Sted", max_length=300)
    flexible = ModelMultipleChoiceField(
        label="Fleksible kerneteammedlemmer",
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="De faste medlemmer er altid med.",
    )

    def __init__(self, *args, flexible, with_held=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["flexible"].queryset = User.objects.filter(pk__in=[u.pk for u in flexible])
        self.fields["flexible"].label_from_instance = _member_label
        if not flexible:
            del self.fields["flexible"]
        if with_held:
            self.fields["held"] = forms.BooleanField(label="Mødet er holdt", required=False)

    def clean(self):
        data = super().clean()
        on, starts, ends = data.get("on"), data.get("starts"), data.get("ends")
        if on and starts:
            tz = timezone.get_current_timezone()
            data["starts_at"] = datetime.combine(on, starts, tz)
            data["ends_at"] = datetime.combine(on, ends, tz) if ends else None
            if ends and ends <= starts:
                self.add_error("ends", "Mødet kan ikke slutte, før det starter.")
        return data

    def service_data(self) -> dict:
        d = self.cleaned_data
        return {
            "starts_at": d["starts_at"],
            "ends_at": d["ends_at"],
            "place": d["place"],
            "flexible": list(d.get("flexible") or []),
        }


def _member_label(user) -> str:
    return f"{user}, {user.profession}" if user.profession else str(user)


def _require_team(user) -> None:
    if not user.has_perm(AGENDA):
        raise PermissionDenied


def _week(raw: str) -> date:
    """A week in the URL or form; nonsense or a year like 1 or 9999 (where a week earlier or
    later leaves the calendar) means this week."""
    try:
        day = date.fromisoformat(raw)
        validate_date_range(day)
    except (ValueError, ValidationError):
        return timezone.localdate()
    return agenda.week_start(day)


def _agenda_url(week: date) -> str:
    return f"{reverse('core_team_agenda')}?uge={week.isoformat()}"


@login_required
def core_team_agenda(request):
    """The week's page: the meeting (time, place, participants), the agenda and the minutes."""
    _require_team(request.user)
    data = agenda.weekly_agenda(user=request.user, week=_week(request.GET.get("uge", "")))
    audit_record(
        user=request.user,
        action=Action.VIEW,
        object_type="agenda",
        summary="Kerneteamets ugemøde og dagsorden",
    )
    fixed, _flexible = agenda.member_choices(centre=request.user.centre)
    data.update(
        previous=data["week"] - timedelta(days=7),
        next=data["week"] + timedelta(days=7),
        week_end=data["week"] + timedelta(days=6),
        form=AgendaItemForm(),
        can_plan=agenda.may_plan(request.user),
        fixed_ids={u.pk for u in fixed},
    )
    note_shown(data)
    return render(request, "followup/agenda.html", data)


@login_required
@require_http_methods(["GET", "POST"])
def core_team_meeting_plan(request):
    if not agenda.may_plan(request.user):
        raise PermissionDenied
    week = _week(request.GET.get("uge", "") or request.POST.get("uge", ""))
    fixed, flexible = agenda.member_choices(centre=request.user.centre)
    on = max(week + timedelta(days=1), timezone.localdate()) if week else None
    form = WeeklyMeetingForm(
        request.POST if request.method == "POST" else None,
        flexible=flexible,
        initial={"on": on, "starts": "09:00", "ends": "10:30"},
    )
    if request.method == "POST" and form.is_valid():
        try:
            meeting = agenda.weekly_meeting_plan(
                by=request.user, centre=request.user.centre, **form.service_data()
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "Ugemødet er planlagt, og kerneteamet står som deltagere.")
            return redirect(
                _agenda_url(agenda.week_start(timezone.localtime(meeting.starts_at).date()))
            )
    return render(
        request,
        "followup/weekly_meeting_form.html",
        {"form": form, "title": "Planlæg kerneteamets ugemøde", "fixed": fixed, "week": week},
    )


@login_required
@require_http_methods(["GET", "POST"])
def core_team_meeting_edit(request, weekly_meeting_id: int):
    # Another centre's meeting, and the page itself to anyone who may not plan, look missing.
    if not agenda.may_plan(request.user):
        raise Http404
    meeting = agenda.weekly_meeting_for(user=request.user, meeting_id=weekly_meeting_id)
    fixed, flexible = agenda.member_choices(centre=meeting.centre)
    local = timezone.localtime(meeting.starts_at) if meeting.starts_at else None
    local_end = timezone.localtime(meeting.ends_at) if meeting.ends_at else None
    chosen = {p.user_id for p in meeting.participants.all()} & {u.pk for u in flexible}
    form = WeeklyMeetingForm(
        request.POST if request.method == "POST" else None,
        flexible=flexible,
        with_held=True,
        initial={
            "on": local.date() if local else None,
            "starts": local.time() if local else None,
            "ends": local_end.time() if local_end else None,
            "place": meeting.place,
            "flexible": sorted(chosen),
            "held": meeting.status == meeting.Status.HELD,
        },
    )
    week = agenda.week_start(local.date()) if local else timezone.localdate()
    if request.method == "POST" and form.is_valid():
        try:
            agenda.weekly_meeting_update(
                by=request.user,
                meeting=meeting,
                held=form.cleaned_data.get("held", False),
                **form.service_data(),
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "Ugemødet er gemt.")
            return redirect(
                _agenda_url(agenda.week_start(timezone.localtime(meeting.starts_at).date()))
            )
    return render(
        request,
        "followup/weekly_meeting_form.html",
        {"form": form, "title": "Ret kerneteamets ugemøde", "fixed": fixed, "week": week},
    )


@login_required
@require_POST
def agenda_item_add(request):
    _require_team(request.user)
    week = _week(request.POST.get("uge", ""))
    family = None
    if request.POST.get("family"):
        try:
            family = family_for(request.user, int(request.POST["family"]))
        except ValueError:
            raise Http404 from None
    form = AgendaItemForm(request.POST)
    title = form.cleaned_data["title"] if form.is_valid() else ""
    if family is not None and not title:
        title = family.name
    try:
        item = agenda.agenda_item_add(
            by=request.user, centre=request.user.centre, week=week, title=title, family=family
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(_agenda_url(week))
    return redirect("agenda_minutes", agenda_item_id=item.pk)


@login_required
@require_http_methods(["GET", "POST"])
def agenda_minutes(request, agenda_item_id: int):
    if not request.user.has_perm(AGENDA):
        raise Http404  # an item looks exactly like a missing one to anyone outside the team
    item = agenda.agenda_item_for(user=request.user, item_id=agenda_item_id)
    form = MinutesForm(request.POST or None, initial={"minutes": item.minutes})
    if request.method == "POST" and form.is_valid():
        agenda.agenda_minutes_write(
            by=request.user, item=item, minutes=form.cleaned_data["minutes"]
        )
        messages.success(request, "Referatet er gemt.")
        return redirect(f"{_agenda_url(item.week)}#item-{item.pk}")
    audit_record(
        user=request.user,
        action=Action.VIEW,
        object_type="agendaitem",
        family_id=item.family_id,
        summary="Punkt på kerneteamets dagsorden",
    )
    note_shown(item)
    return render(request, "followup/agenda_minutes.html", {"item": item, "form": form})
