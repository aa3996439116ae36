"""``manage.py survey_analysis --input responses.csv --json``."""

import json

import pytest
from django.core.management import call_command
from scipy import stats

from indgang.surveys.models import Answer, Response

CSV = """respondent,round,theme,question,score
p1,baseline,Tillid,q1,3
p1,baseline,Tillid,q2,5
p2,baseline,Tillid,q1,2
p2,baseline,Tillid,q2,
p3,baseline,Tillid,q1,4
p4,final,Tillid,q1,5
p4,final,Tillid,q2,6
p5,final,Tillid,q1,ved ikke
p5,final,Tillid,q2,4
p6,final,Tillid,q1,6
p1,baseline,Sammenhæng,q3,3
p2,baseline,Sammenhæng,q3,4
p4,final,Sammenhæng,q3,5
p5,final,Sammenhæng,q3,5
"""


def test_json_per_theme_and_round_and_the_t_test(tmp_path, capsys):
    path = tmp_path / "responses.csv"
    path.write_text(CSV, encoding="utf-8")
    call_command("survey_analysis", "--input", str(path), "--json")
    data = json.loads(capsys.readouterr().out)
    tillid = next(t for t in data["themes"] if t["theme"] == "Tillid")
    baseline = next(r for r in tillid["rounds"] if r["round"] == "baseline")
    final = next(r for r in tillid["rounds"] if r["round"] == "final")
    # p1: (3+5)/2 = 4; p2: 2 (the empty score is "ved ikke"); p3: 4
    assert baseline["n"] == 3 and baseline["mean"] == pytest.approx(10 / 3)
    assert baseline["sd"] == pytest.approx(stats.tstd([4, 2, 4]))
    assert final["n"] == 3 and final["mean"] == pytest.approx((5.5 + 4 + 6) / 3)
    test = next(c for c in data["final_vs_baseline"] if c["theme"] == "Tillid")
    expected = stats.ttest_ind([5.5, 4, 6], [4, 2, 4], equal_var=False)
    assert test["t"] == pytest.approx(expected.statistic)
    assert test["p"] == pytest.approx(expected.pvalue)
    assert test["significant"] == bool(expected.pvalue < 0.05)
    assert [t["theme"] for t in data["themes"]] == ["Tillid", "Sammenhæng"]


@pytest.mark.django_db
def test_a_bad_row_stops_with_its_line_number_and_status_2(tmp_path, capsys):
    path = tmp_path / "responses.csv"
    path.write_text(CSV + "p7,final,Tillid,q1,9\n", encoding="utf-8")
    with pytest.raises(SystemExit) as exit_:
        call_command("survey_analysis", "--input", str(path), "--json")
    assert exit_.value.code == 2
    captured = capsys.readouterr()
    assert "Linje 16" in captured.err and "1 til 6" in captured.err
    assert captured.out == ""
    assert not Response.objects.exists() and not Answer.objects.exists()


def test_a_missing_file_is_a_clear_error(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_:
        call_command("survey_analysis", "--input", str(tmp_path / "nope.csv"), "--json")
    assert exit_.value.code == 2
    assert "Kan ikke åbne filen" in capsys.readouterr().err
