"""Shared set-up for the survey tests."""

from datetime import date

from indgang.organisation.models import Municipality
from indgang.surveys import services
from indgang.surveys.models import Survey

BASE = "http://testserver/"


def template(kind=Survey.Kind.PARENT) -> Survey:
    return Survey.objects.get(municipality=None, kind=kind)


def municipal_survey(world, *, anonymous=True, name="Ishøjs forældremåling") -> Survey:
    return services.survey_create(
        by=world.erin,
        municipality=Municipality.objects.get(name="Ishøj"),
        name=name,
        kind=Survey.Kind.PARENT,
        anonymous=anonymous,
        copy_from=template(),
    )


def send_round(world, survey, *, name="Baseline", opened_on=date(2026, 11, 1)):
    return services.round_create(
        by=world.erin,
        survey=survey,
        municipality=Municipality.objects.get(name="Ishøj"),
        name=name,
        model="een_familie",
        opened_on=opened_on,
        base_url=BASE,
    )
