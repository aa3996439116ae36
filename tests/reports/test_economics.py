"""The KOS report's scenario tables: every line and total against the printed figures."""

import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from indgang.reports import economics as e

D = Decimal


def _lines(scenario):
    return {line.key: line.yearly for line in scenario.lines}


def test_caseload_scenario_reproduces_the_report():
    c = e.caseload_scenarios()
    assert _lines(c.first) == {
        "counsellor": D("13226.40"),
        "courses": D("1800.00"),
        "case_complaints": D("318.75"),
        "decision_complaints": D("1432.50"),
    }
    assert c.first.lines[0].monthly == D("1102.20")
    assert c.first.total == D("16777.65")
    assert _lines(c.second) == {
        "counsellor": D("24048.00"),
        "courses": D("0.00"),
        "case_complaints": D("106.25"),
        "decision_complaints": D("955.00"),
    }
    assert c.second.lines[0].monthly == D("2004.00")
    assert c.second.total == D("25109.25")
    assert c.difference == D("8331.60")


def test_daycare_scenario_reproduces_the_report():
    d = e.daycare_scenarios()
    assert _lines(d.first) == {
        "lost_earnings": D("360000"),
        "refund": D("-180000"),
        "respite": D("312130"),
        "speech": D("15600"),
        "occupational": D("31200"),
        "physio": D("15600"),
    }
    assert d.first.total == D("554530")
    assert _lines(d.second) == {
        "place": D("650000"),
        "lost_earnings": D("116757"),
        "refund": D("-58378"),
        "tax": D("-60811"),
    }
    assert d.second.total == D("647568")
    assert d.difference == D("93038")


def test_breakdowns_show_where_the_printed_figures_differ():
    b = e.breakdowns()
    assert (b["decision_complaint_cost"].printed, b["decision_complaint_cost"].computed) == (
        D("9550"),
        D("9250.00"),
    )
    assert b["decision_complaint_cost"].differs
    assert not b["case_complaint_cost"].differs  # 1 h × 275 + 5 h × 370 = 2,125
    assert b["monthly_cost_normal"].computed == D("1100.00")
    assert "275,55" in b["monthly_cost_normal"].how
    assert b["monthly_cost_reduced"].computed == D("2007.50")
    assert "274,52" in b["monthly_cost_reduced"].how
    # With the computed figure the decision-complaint lines drop by 15 % and 10 % of 300.
    p, _ = e.parameters_from({"decision_complaint_cost": "9.250,00"})
    c = e.caseload_scenarios(p)
    assert c.first.total == D("16732.65") and c.second.total == D("25079.25")


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("1.102,20", "1102.20"),
        ("1102.20", "1102.20"),
        ("1102,20", "1102.20"),
        ("7,3", "7.3"),
        ("7.3", "7.3"),
        ("360.000", "360.000"),
        ("1.000.000", "1000000"),
        (" 18 000 ", "18000"),
    ],
)
def test_danish_and_plain_numbers(raw, value):
    assert e.parse_number(raw) == D(value)


@pytest.mark.parametrize("raw", ["abc", "1,2,3", "1.102.20,5x", "12kr", "--3", "1e5", "NaN"])
def test_not_a_number(raw):
    with pytest.raises(ValueError, match="ikke et tal"):
        e.parse_number(raw)


def test_command_json(capsys):
    call_command("economics", "--json")
    data = json.loads(capsys.readouterr().out)
    assert data["caseload"]["scenario_1"]["total"] == 16777.65
    assert data["caseload"]["scenario_2"]["total"] == 25109.25
    assert data["caseload"]["difference"] == 8331.6
    assert [line["yearly"] for line in data["caseload"]["scenario_1"]["lines"]] == [
        13226.4,
        1800.0,
        318.75,
        1432.5,
    ]
    assert [line["yearly"] for line in data["daycare"]["scenario_2"]["lines"]] == [
        650000,
        116757,
        -58378,
        -60811,
    ]
    assert data["daycare"]["scenario_1"]["total"] == 554530
    assert data["daycare"]["scenario_2"]["total"] == 647568
    assert data["daycare"]["difference"] == 93038
    assert data["computed_alternatives"]["decision_complaint_cost"]["computed"] == 9250


def test_command_set(capsys):
    call_command(
        "economics", "--json", "--set", "decision_complaint_cost=9250", "--set", "hours_normal=4,0"
    )
    data = json.loads(capsys.readouterr().out)
    assert data["parameters"]["decision_complaint_cost"] == 9250
    assert data["caseload"]["scenario_1"]["total"] == 16732.65


@pytest.mark.parametrize(
    ("arg", "message"),
    [
        ("lawyer_rate=abc", "ikke et tal"),
        ("no_such_thing=3", "Ukendt parameter: no_such_thing"),
        ("lawyer_rate", "NAME=VALUE"),
        ("refund_percent=150", "højst være 100"),
        ("lawyer_rate=-5", "negativ"),
        ("full_time_hours=0", "større end 0"),
    ],
)
def test_command_bad_input(arg, message):
    with pytest.raises(CommandError, match=message) as raised:
        call_command("economics", "--json", "--set", arg)
    assert raised.value.returncode == 2


def test_command_help_lists_every_parameter(capsys):
    from indgang.reports.management.commands.economics import Command

    text = Command().create_parser("manage.py", "economics").format_help()
    for info in e.parameter_info():
        assert info.name in text
        assert info.label in text
    assert "Standard: 9550" in text


def test_page_shows_every_line(world, login):
    client = login(world.erin)
    response = client.get(reverse("report_economics"))
    assert response.status_code == 200
    html = response.content.decode()
    for figure in [
        "16.777,65",
        "25.109,25",
        "8.331,60",
        "13.226,40",
        "318,75",
        "1.432,50",
        "106,25",
        "955,00",
        "24.048,00",
        "554.530",
        "647.568",
        "93.038",
        "-58.378",
        "-60.811",
        "312.130",
        "9.250,00",
        "275,55",
        "274,52",
    ]:
        assert figure in html, figure
    assert "Brug den beregnede værdi 9.250,00" in html


def test_page_parameters_and_switch(world, login):
    client = login(world.frank)
    response = client.get(reverse("report_economics"), {"decision_complaint_cost": "9.250,00"})
    html = response.content.decode()
    assert "16.732,65" in html and "25.079,25" in html
    response = client.get(reverse("report_economics"), {"monthly_cost_normal": "1100"})
    assert "13.200,00" in response.content.decode()


def test_page_bad_number_message_next_to_field(world, login):
    client = login(world.erin)
    response = client.get(reverse("report_economics"), {"lawyer_rate": "tre hundrede"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ret de markerede felter" in html
    assert 'id="id_lawyer_rate-error"' in html
    assert "er ikke et tal" in html
    assert "16.777,65" not in html
