"""The analysis functions over rows, checked against scipy and by hand."""

import math
import random

import pytest
from scipy import stats

from indgang.surveys import analysis
from indgang.surveys.analysis import Row


def _generated(seed=11, n_baseline=55, n_final=73):
    rng = random.Random(seed)
    rows = []
    for round_, n, centre in (("baseline", n_baseline, 3.6), ("final", n_final, 4.1)):
        for i in range(n):
            for theme in ("Sammenhæng", "Tillid"):
                for q in range(3):
                    score = (
                        None
                        if rng.random() < 0.1
                        else max(1, min(6, round(rng.gauss(centre, 1.1))))
                    )
                    rows.append(Row(f"{round_}-{i}", round_, theme, f"{theme}-{q}", score))
    return rows


def _theme_means(rows, theme, round_):
    per = {}
    for r in rows:
        if r.theme == theme and r.round == round_ and r.score is not None:
            per.setdefault(r.respondent, []).append(r.score)
    return [sum(v) / len(v) for v in per.values()]


@pytest.mark.parametrize("seed", [1, 2, 3, 11])
def test_welch_matches_scipy_on_generated_data(seed):
    rows = _generated(seed)
    result = analysis.analyse(rows)
    for theme in ("Sammenhæng", "Tillid"):
        before = _theme_means(rows, theme, "baseline")
        after = _theme_means(rows, theme, "final")
        expected = stats.ttest_ind(after, before, equal_var=False)
        (comparison,) = [c for c in result.comparisons if c.theme == theme]
        assert comparison.t == pytest.approx(expected.statistic, rel=1e-12)
        assert comparison.p == pytest.approx(expected.pvalue, rel=1e-12)
        assert comparison.significant == (expected.pvalue < 0.05)
        cell = result.cell(theme, "final")
        assert cell.n == len(after)
        assert cell.mean == pytest.approx(sum(after) / len(after))
        assert cell.sd == pytest.approx(stats.tstd(after))


def test_theme_score_is_the_mean_of_answered_questions_and_ved_ikke_does_not_count():
    rows = [
        Row("a", "baseline", "T", "q1", 2),
        Row("a", "baseline", "T", "q2", 4),
        Row("a", "baseline", "T", "q3", None),  # ved ikke
        Row("b", "baseline", "T", "q1", 6),
        Row("c", "baseline", "T", "q1", None),  # only ved ikke: no theme score at all
    ]
    cell = analysis.analyse(rows).cell("T", "baseline")
    assert cell.n == 2
    assert cell.mean == pytest.approx((3 + 6) / 2)
    assert cell.sd == pytest.approx(math.sqrt(((3 - 4.5) ** 2 + (6 - 4.5) ** 2) / 1))


def test_too_few_respondents_give_no_test_rather_than_an_error():
    rows = [Row("a", "baseline", "T", "q", 3), Row("b", "final", "T", "q", 4)]
    (comparison,) = analysis.analyse(rows).comparisons
    assert comparison.t is None and comparison.p is None and not comparison.significant
    identical = [Row(str(i), r, "T", "q", 4) for i in range(3) for r in ("baseline", "final")]
    (comparison,) = analysis.analyse(identical).comparisons
    assert comparison.p is None  # no variance: scipy's nan is reported as no result


def test_rounds_named_otherwise_compare_the_first_with_the_last():
    rows = [
        Row(str(i), r, "T", "q", s)
        for i, (r, s) in enumerate(
            [
                ("Baseline", 3),
                ("Baseline", 4),
                ("Midtvejs", 4),
                ("Midtvejs", 5),
                ("Slutmåling", 5),
                ("Slutmåling", 6),
            ]
        )
    ]
    (comparison,) = analysis.analyse(rows).comparisons
    assert (comparison.baseline, comparison.final) == ("Baseline", "Slutmåling")


def test_bias_check_compares_respondents_with_non_respondents():
    respondents = [{"complaints": 0, "interventions": 2}, {"complaints": 1, "interventions": 3}]
    others = [
        {"complaints": 2, "interventions": 1},
        {"complaints": 3, "interventions": 0},
        {"complaints": 2, "interventions": 1},
    ]
    rows = analysis.bias_check(
        respondents, others, {"complaints": "Klager", "interventions": "Indsatser"}
    )
    expected = stats.ttest_ind([0, 1], [2, 3, 2], equal_var=False)
    assert rows[0].measure == "Klager"
    assert rows[0].respondents_mean == 0.5 and rows[0].non_respondents_mean == pytest.approx(7 / 3)
    assert rows[0].p == pytest.approx(expected.pvalue)


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("respondent,round,theme,question,score\na,baseline,T,q,7\n", 2, "1 til 6"),
        (
            "respondent,round,theme,question,score\na,baseline,T,q,3\nb,baseline,T,q,x\n",
            3,
            "1 til 6",
        ),
        ("respondent,round,theme,question,score\na,baseline,T,q,0\n", 2, "1 til 6"),
        ("respondent,round,theme,question,score\na,baseline,T,q,3.5\n", 2, "1 til 6"),
        ("respondent,round,theme,question,score\n,baseline,T,q,3\n", 2, "respondent"),
        ("respondent,round,theme,question,score\na,baseline,T,q\n", 2, "felter"),
        ("respondent,round,theme,score\na,baseline,T,3\n", 1, "question"),
        ("", 1, "tom"),
    ],
)
def test_a_bad_row_names_its_line(text, line, words):
    with pytest.raises(analysis.RowError) as caught:
        analysis.read_csv(text.splitlines(keepends=True))
    assert caught.value.line == line
    assert f"Linje {line}" in str(caught.value) and words in str(caught.value)


def test_ved_ikke_and_empty_are_no_score():
    rows = analysis.read_csv(
        [
            "respondent,round,theme,question,score\n",
            "a,b,T,q,\n",
            "a,b,T,q2,Ved ikke\n",
            "a,b,T,q3,6\n",
        ]
    )
    assert [r.score for r in rows] == [None, None, 6]
