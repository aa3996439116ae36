"""The survey analysis as pure functions over rows: no database, so the web page, the XLSX
export and ``manage.py survey_analysis`` compute exactly the same figures.

A respondent's theme score is the mean of the questions they answered in that theme ("ved
ikke" does not count; a theme with no answered question gives no score). Per theme and round:
the mean of the respondents' theme scores, n and the sample standard deviation. Final against
baseline: Welch's t-test (scipy.stats.ttest_ind with equal_var=False), significant at 0.05.
"""

import csv
import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from scipy import stats

ALPHA = 0.05
DONT_KNOW = {"", "ved ikke", "vedikke", "ved-ikke"}
COLUMNS = ("respondent", "round", "theme", "question", "score")


@dataclass(frozen=True)
class Row:
    respondent: str
    round: str
    theme: str
    question: str
    score: int | None  # None: "ved ikke"


@dataclass(frozen=True)
class ThemeRound:
    theme: str
    round: str
    mean: float | None
    n: int
    sd: float | None


@dataclass(frozen=True)
class Comparison:
    theme: str
    baseline: str
    final: str
    n_baseline: int
    n_final: int
    t: float | None
    p: float | None

    @property
    def significant(self) -> bool:
        return self.p is not None and self.p < ALPHA


class RowError(ValueError):
    """A bad row in a CSV file; ``line`` is its line number in the file (the header is 1)."""

    def __init__(self, line: int, message: str):
        super().__init__(f"Linje {line}: {message}")
        self.line = line


def _finite(value) -> float | None:
    value = float(value)
    return value if math.isfinite(value) else None


def parse_score(raw: str) -> int | None:
    """A score 1-6, or None for "ved ikke" (an empty cell). Raises ValueError otherwise."""
    text = (raw or "").strip()
    if text.lower() in DONT_KNOW:
        return None
    if not text.isdigit() or not 1 <= int(text) <= 6:
        raise ValueError(
            f"svaret «{text[:20]}» skal være et helt tal fra 1 til 6 eller tomt (ved ikke)"
        )
    return int(text)


def read_csv(lines: Iterable[str]) -> list[Row]:
    """Rows of a CSV with the columns respondent, round, theme, question, score.

    Raises RowError naming the first bad line; nothing is returned in part.
    """
    reader = csv.reader(lines)
    try:
        header = next(reader)
    except StopIteration:
        raise RowError(1, "filen er tom; første linje skal være " + ",".join(COLUMNS)) from None
    except csv.Error as error:
        raise RowError(1, f"kan ikke læses som CSV ({error})") from None
    names = [h.strip().lower().lstrip("\ufeff") for h in header]
    missing = [c for c in COLUMNS if c not in names]
    if missing:
        raise RowError(1, "kolonnen mangler: " + ", ".join(missing))
    index = {c: names.index(c) for c in COLUMNS}
    rows = []
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            raise RowError(reader.line_num, f"kan ikke læses som CSV ({error})") from None
        line = reader.line_num
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(names):
            raise RowError(line, f"har {len(cells)} felter, men overskriften har {len(names)}")
        values = {c: cells[i].strip() for c, i in index.items()}
        for column in ("respondent", "round", "theme", "question"):
            if not values[column]:
                raise RowError(line, f"feltet «{column}» er tomt")
        try:
            score = parse_score(values["score"])
        except ValueError as error:
            raise RowError(line, str(error)) from None
        rows.append(
            Row(values["respondent"], values["round"], values["theme"], values["question"], score)
        )
    return rows


def theme_scores(rows: Iterable[Row]) -> dict[tuple[str, str], list[float]]:
    """(theme, round) → each respondent's theme score (the mean of their answered questions)."""
    sums: dict[tuple[str, str, str], list[float]] = {}
    for row in rows:
        if row.score is None:
            continue
        key = (row.theme, row.round, row.respondent)
        acc = sums.get(key)
        if acc is None:
            sums[key] = [row.score, 1]
        else:
            acc[0] += row.score
            acc[1] += 1
    scores: dict[tuple[str, str], list[float]] = defaultdict(list)
    for (theme, round_, _), (total, count) in sums.items():
        scores[(theme, round_)].append(total / count)
    return scores


def describe(values: Sequence[float]) -> tuple[float | None, int, float | None]:
    """Mean, n and sample standard deviation (None where undefined)."""
    n = len(values)
    if n == 0:
        return None, 0, None
    mean = math.fsum(values) / n
    if n < 2:
        return mean, n, None
    variance = math.fsum((v - mean) ** 2 for v in values) / (n - 1)
    return mean, n, math.sqrt(variance)


def welch(baseline: Sequence[float], final: Sequence[float]) -> tuple[float | None, float | None]:
    """Welch's t statistic (final minus baseline) and its two-sided p-value."""
    if len(baseline) < 2 or len(final) < 2:
        return None, None
    result = stats.ttest_ind(final, baseline, equal_var=False)
    return _finite(result.statistic), _finite(result.pvalue)


def _ordered(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(values))


def baseline_and_final(rounds: Sequence[str]) -> tuple[str | None, str | None]:
    """The rounds compared: those named baseline and final (or slutmåling), otherwise the
    first and the last."""
    lower = {r.lower(): r for r in rounds}
    baseline = lower.get("baseline") or lower.get("baselinemåling")
    final = lower.get("final") or lower.get("slutmåling") or lower.get("slut")
    if len(rounds) >= 2:
        baseline = baseline or rounds[0]
        final = final or rounds[-1]
    return baseline, final


@dataclass(frozen=True)
class Analysis:
    themes: list[str]
    rounds: list[str]
    cells: list[ThemeRound]
    comparisons: list[Comparison]

    def cell(self, theme: str, round_: str) -> ThemeRound:
        return next(c for c in self.cells if c.theme == theme and c.round == round_)

    def as_dict(self) -> dict:
        return {
            "themes": [
                {
                    "theme": theme,
                    "rounds": [
                        {"round": c.round, "mean": c.mean, "n": c.n, "sd": c.sd}
                        for c in self.cells
                        if c.theme == theme
                    ],
                }
                for theme in self.themes
            ],
            "final_vs_baseline": [
                {
                    "theme": c.theme,
                    "baseline": c.baseline,
                    "final": c.final,
                    "t": c.t,
                    "p": c.p,
                    "significant": c.significant,
                }
                for c in self.comparisons
            ],
        }


def analyse(
    rows: Sequence[Row],
    *,
    rounds: Sequence[str] | None = None,
    themes: Sequence[str] | None = None,
    baseline: str | None = None,
    final: str | None = None,
) -> Analysis:
    """Mean, n, sd per theme and round; Welch's t-test of final against baseline per theme."""
    rounds = list(rounds) if rounds is not None else _ordered(r.round for r in rows)
    themes = list(themes) if themes is not None else _ordered(r.theme for r in rows)
    scores = theme_scores(rows)
    cells = [
        ThemeRound(theme, round_, *describe(scores.get((theme, round_), [])))
        for theme in themes
        for round_ in rounds
    ]
    default_baseline, default_final = baseline_and_final(rounds)
    baseline = baseline or default_baseline
    final = final or default_final
    comparisons = []
    if baseline and final and baseline != final:
        for theme in themes:
            before = scores.get((theme, baseline), [])
            after = scores.get((theme, final), [])
            t, p = welch(before, after)
            comparisons.append(Comparison(theme, baseline, final, len(before), len(after), t, p))
    return Analysis(themes, rounds, cells, comparisons)


@dataclass(frozen=True)
class BiasRow:
    measure: str
    respondents_mean: float | None
    non_respondents_mean: float | None
    n_respondents: int
    n_non_respondents: int
    t: float | None
    p: float | None

    @property
    def significant(self) -> bool:
        return self.p is not None and self.p < ALPHA


def bias_check(
    respondents: Sequence[dict[str, float]],
    non_respondents: Sequence[dict[str, float]],
    measures: dict[str, str],
) -> list[BiasRow]:
    """Compare respondents with non-respondents on each measure (e.g. complaints, number of
    interventions per family) with Welch's t-test; a significant difference warns of bias."""
    result = []
    for key, label in measures.items():
        a = [r[key] for r in respondents]
        b = [r[key] for r in non_respondents]
        t, p = welch(b, a)
        result.append(BiasRow(label, describe(a)[0], describe(b)[0], len(a), len(b), t, p))
    return result
