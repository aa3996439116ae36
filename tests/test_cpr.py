from datetime import date

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from indgang.core.cpr import age_on, mask_cpr, parse_cpr


@pytest.mark.parametrize(
    ("cpr", "born"),
    [
        ("010203-1234", date(1903, 2, 1)),  # digit 7 = 1: 1900s
        ("0102031234", date(1903, 2, 1)),
        ("170522-5123", date(2022, 5, 17)),  # digit 7 = 5, year <= 57: 2000s
        ("170560-5123", date(1860, 5, 17)),  # digit 7 = 5, year >= 58: 1800s
        ("290224-4001", date(2024, 2, 29)),  # leap day
        ("010190-9999", date(1990, 1, 1)),  # digit 7 = 9, year >= 37: 1900s
    ],
)
def test_birth_date_follows_the_century_rules(cpr, born):
    assert parse_cpr(cpr)[1] == born


def test_modulus_11_is_not_required():
    # 170522-5124 fails modulus 11 but numbers issued since 2007 need not satisfy it.
    digits, _ = parse_cpr("170522-5124")
    assert digits == "1705225124"


@pytest.mark.parametrize(
    "bad", ["", "12345", "320199-1234", "290223-4001", "01o203-1234", "010203-12345"]
)
def test_bad_numbers_get_a_danish_message(bad):
    with pytest.raises(ValidationError) as error:
        parse_cpr(bad)
    assert "CPR" in error.value.messages[0]


def test_masking_keeps_only_the_birth_date():
    assert mask_cpr("0102031234") == "010203-xxxx"


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2036, 12, 31)))
def test_every_real_date_round_trips(born):
    first = "0" if born.year < 2000 else "4"
    digits = f"{born:%d%m%y}{first}123"
    assert parse_cpr(digits)[1] == born


def test_age_on_birthday_edges():
    born = date(2020, 2, 29)
    assert age_on(born, date(2021, 2, 28)) == 0
    assert age_on(born, date(2021, 3, 1)) == 1


@pytest.mark.parametrize(
    "foreign",
    [
        "０１０２０３-１２３４",  # full-width
        "٠١٠٢٠٣-١٢٣٤",  # Arabic-Indic
        "۰۱۰۲۰۳۱۲۳۴",  # Extended Arabic-Indic (Persian)
        "010203-123４",  # one full-width digit among ASCII ones
    ],
)
def test_only_ascii_digits_are_accepted(foreign):
    # int() reads these as the same number, but the database would store different text,
    # so the same person could be registered twice past the unique constraint.
    with pytest.raises(ValidationError):
        parse_cpr(foreign)


def test_the_form_field_refuses_non_ascii_digits():
    from indgang.families.forms import CPRSearchForm

    form = CPRSearchForm(data={"cpr": "０１０２０３-１２３４"})
    assert not form.is_valid()
    assert "CPR" in form.errors["cpr"][0]
