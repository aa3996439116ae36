"""One Danish date format everywhere, no "Familien Familien", and no date far out of range."""

import importlib
import inspect
import pkgutil
import re
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django import forms
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

import indgang
from indgang.core.forms import DKFDSFormMixin, Form
from indgang.core.templatetags.indgang_format import (
    family_label,
    table_date,
    table_datetime,
    text_date,
    text_datetime,
)
from indgang.core.validators import DATE_RANGE_MESSAGE, validate_date_range

SRC = Path(indgang.__file__).parent
ENGLISH_MONTHS = re.compile(
    r"\b(January|February|March|April|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\b"
)


def test_text_and_table_forms():
    assert text_date(date(2026, 12, 17)) == "17. dec. 2026"
    assert text_date(date(2026, 5, 1)) == "1. maj 2026"
    assert table_date(date(2026, 12, 17)) == "17.12.2026"
    assert table_date(date(2026, 3, 2)) == "02.03.2026"
    assert text_date(None) == table_date("") == ""


def test_datetimes_are_shown_in_copenhagen_time():
    moment = datetime(2026, 12, 17, 13, 30, tzinfo=ZoneInfo("UTC"))
    assert text_datetime(moment) == "17. dec. 2026 kl. 14.30"
    assert table_datetime(moment) == "17.12.2026 14.30"
    summer = datetime(2026, 6, 30, 22, 15, tzinfo=ZoneInfo("UTC"))  # already 1 July in Denmark
    assert text_date(summer) == "1. jul. 2026"


def test_the_filters_speak_danish_whatever_the_active_language():
    template = Template("{{ d|dato }} · {{ d|kort_dato }} · {{ f|familien }} · {{ g|familien }}")
    context = Context({"d": date(2026, 10, 3), "f": "Familien Hansen", "g": "Jensen"})
    with translation.override("en"):
        assert (
            template.render(context)
            == "3. okt. 2026 · 03.10.2026 · Familien Hansen · Familien Jensen"
        )


def test_no_familien_familien():
    assert family_label("Familien Hansen") == "Familien Hansen"
    assert family_label("familien hansen") == "Familien hansen"
    assert family_label("Hansen") == "Familien Hansen"
    for path in SRC.rglob("*"):
        if path.suffix in {".html", ".txt", ".py"} and "migrations" not in path.parts:
            text = path.read_text(encoding="utf-8")
            found = re.findall(r"Familien \{\{ ?[\w.]*(?:family|name)[\w.]* ?\}\}", text)
            found += re.findall(r"f\"Familien \{(?:family|[\w.]*\.name)\}", text)
            assert not found, f"{path}: {found} (use |familien or the name as it is)"


# Formats that spell months out or in another order than the two agreed forms.
OLD_FORMATS = re.compile(r'\|date:"(?:l )?(?:j\. F Y|j\. M Y|d\.m\.Y)[^"]*"')


def test_templates_use_the_date_filters():
    offenders = []
    for path in SRC.rglob("templates/**/*"):
        if path.suffix in {".html", ".txt"}:
            for match in OLD_FORMATS.finditer(path.read_text(encoding="utf-8")):
                offenders.append(f"{path.relative_to(SRC)}: {match.group(0)}")
    assert not offenders, "Use |dato, |kort_dato, |dato_tid or |kort_dato_tid:\n" + "\n".join(
        offenders
    )


def _form_classes():
    for module in pkgutil.walk_packages(indgang.__path__, "indgang."):
        if not module.name.endswith(".forms"):
            continue
        loaded = importlib.import_module(module.name)
        for _, cls in inspect.getmembers(loaded, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == loaded.__name__:
                yield cls


def test_every_date_field_in_every_form_checks_the_range():
    unchecked = []
    for cls in _form_classes():
        for name, field in cls.base_fields.items():
            if not isinstance(field, forms.DateField | forms.DateTimeField):
                continue
            if issubclass(cls, DKFDSFormMixin):
                continue  # the mixin adds the validator to every date field (tested below)
            if validate_date_range not in field.validators:
                unchecked.append(f"{cls.__module__}.{cls.__name__}.{name}")
    assert not unchecked


class _PlainDates(Form):
    day = forms.DateField()
    moment = forms.DateTimeField(required=False)


@pytest.mark.parametrize("value", ["0001-01-01", "1899-12-31", "2101-01-01", "9999-12-31"])
def test_a_plain_date_field_refuses_far_dates(value):
    form = _PlainDates({"day": value, "moment": f"{value} 10:00"})
    assert not form.is_valid()
    assert form.errors["day"] == [DATE_RANGE_MESSAGE]
    assert form.errors["moment"] == [DATE_RANGE_MESSAGE]
    assert _PlainDates({"day": "2026-12-17"}).is_valid()


@pytest.mark.django_db
def test_pages_show_no_english_month_names(world, login):
    client = login(world.alice)
    for url in (
        reverse("home"),
        reverse("family_detail", args=[world.family.pk]),
        reverse("family_list"),
    ):
        html = client.get(url).content.decode()
        text = re.sub(r"<[^>]+>", " ", html)
        assert not ENGLISH_MONTHS.search(text), url
        assert "Familien Familien" not in html, url
