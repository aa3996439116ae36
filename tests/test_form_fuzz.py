"""hypothesis over every form that writes (issue 12): arbitrary input is either saved or
refused with a Danish message, never a server error, and a refusal leaves no row behind.

Built from the URL configuration like the access matrix: every page a persona may open is
fetched, its POST form is read from the HTML (the fields a browser would send, with the
options of its selects), and hypothesis fills the fields with what a fuzzer sends — huge and
negative numbers, impossible dates, template code, control characters, other choices than
offered — and posts it as that persona. Each service behind a form is reached this way, with
the same validation a user meets. A new page with a form is fuzzed without further ado.
"""

from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.personal_data import PERSONAL_DATA  # noqa: F401  (every URL is declared there)
from tests.test_access_matrix import MATRIX, _url, objects  # noqa: F401  (fixture)

# One world for the module's tests, each in its own savepoint (tests/conftest.py).
pytestmark = pytest.mark.usefixtures("module_world")

ORDER = ["alice", "erin", "frank", "bob", "carol", "heidi", "grace", "dave", "ivan"]
PAGES = sorted(name for name, entry in MATRIX.items() if entry.method == "get" and entry.ok == 200)
# Tables a refused form may still write to: the audit log of the attempt, sessions, throttling.
LOG_APPS = {"audit", "sessions", "axes", "admin"}

FUZZ_TEXT = [
    "",
    " ",
    "<script>alert(1)</script>",
    "{{ request.user.password }}{% debug %}",
    "{modtager.__class__}",
    "ø" * 3000,
    "'; DROP TABLE families_family; --",
    '=HYPERLINK("http://x")',
    "\u202e\u200b",
]
FUZZ_NUMBERS = ["", "-1", "0", "9" * 40, "1e309", "NaN", "1,5", "12.345,67", "-0", "١٢"]
FUZZ_DATES = [
    "",
    "0001-01-01",
    "9999-12-31T23:59",
    "1999-05-01",
    "2026-02-30",
    "31.12.2026",
    "i går",
    "25:61",
]


class _Forms(HTMLParser):
    """The POST forms of a page: their action and the fields a browser would send."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._form: dict | None = None
        self._select: dict | None = None
        self._textarea: dict | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            if (a.get("method") or "get").lower() == "post":
                self._form = {"action": a.get("action") or "", "fields": []}
                self.forms.append(self._form)
            return
        if self._form is None or not a.get("name") or "disabled" in a:
            return
        name = a["name"]
        if tag == "input":
            kind = (a.get("type") or "text").lower()
            if kind in {"submit", "button", "image", "reset", "file"}:
                return
            self._form["fields"].append({"name": name, "kind": kind, "value": a.get("value")})
        elif tag == "select":
            self._select = {"name": name, "kind": "select", "options": []}
            if "multiple" in a:
                self._select["kind"] = "multiple"
            self._form["fields"].append(self._select)
        elif tag == "textarea":
            self._form["fields"].append({"name": name, "kind": "textarea"})
        elif tag == "option" and self._select is not None:
            self._select["options"].append(a.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


def _post_form(html: str, url: str) -> dict | None:
    """The form that posts back to the page itself (not the header's search, not log out)."""
    parser = _Forms()
    parser.feed(html)
    own = [form for form in parser.forms if form["action"] in ("", url, "?") and form["fields"]]
    return max(own, key=lambda form: len(form["fields"]), default=None)


def _field_strategy(field: dict):
    kind, name = field["kind"], field["name"]
    if name == "csrfmiddlewaretoken":
        return st.just(field.get("value") or "")
    if kind in {"select", "radio"}:
        options = field.get("options") or [field.get("value") or ""]
        return st.sampled_from([*options, "", "999999999", "x"])
    if kind == "multiple":
        options = field.get("options") or [""]
        return st.lists(st.sampled_from([*options, "999999999"]), max_size=3)
    if kind == "checkbox":
        return st.sampled_from([None, field.get("value") or "on"])
    if kind == "hidden":
        return st.sampled_from([field.get("value") or "", "", "999999999", "x"])
    if kind in {"date", "datetime-local", "time"} or name.endswith(("_on", "_at", "date")):
        return st.one_of(st.sampled_from(FUZZ_DATES), st.text(max_size=12))
    if kind == "number" or name.endswith(("amount", "hours", "price", "score", "days")):
        return st.one_of(st.sampled_from(FUZZ_NUMBERS), st.integers().map(str))
    return st.one_of(st.sampled_from(FUZZ_TEXT), st.text(max_size=200))


def _form_data(form: dict):
    fields = {}
    for field in form["fields"]:
        fields.setdefault(field["name"], _field_strategy(field))
    return st.fixed_dictionaries(fields).map(
        lambda data: {name: value for name, value in data.items() if value is not None}
    )


def _row_counts() -> dict[str, int]:
    """Every table's row count, in one query."""
    tables = sorted(
        {
            model._meta.db_table
            for model in apps.get_models(include_auto_created=True)
            if model._meta.app_label not in LOG_APPS and model._meta.managed
        }
    )
    quote = connection.ops.quote_name
    counts = ", ".join(f"(SELECT COUNT(*) FROM {quote(table)})" for table in tables)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {counts}")
        return dict(zip(tables, cursor.fetchone(), strict=True))


@pytest.mark.parametrize("name", PAGES)
def test_every_form_saves_or_refuses_in_danish(name, world, objects, client):  # noqa: F811
    entry = MATRIX[name]
    persona = next((p for p in ORDER if p in entry.allowed), None)
    url = _url(name, entry, world, objects)
    if persona:
        client.force_login(
            getattr(world, persona), backend="indgang.signin.backends.StaffModelBackend"
        )
    page = client.get(url)
    html = b"".join(page) if page.streaming else page.content
    form = _post_form(html.decode("utf-8", errors="ignore"), url)
    if form is None:  # a page without a form of its own: a stray POST is no crash either
        assert client.post(url, {"x": "1"}).status_code < 500
        return

    @settings(
        max_examples=4,
        derandomize=True,  # the same examples on every run: CI is not a lottery
        deadline=None,
        database=None,
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
        ],
    )
    @given(data=_form_data(form))
    def post(data):
        before = _row_counts()
        response = client.post(url, data)  # a crash raises here: the test client re-raises
        assert response.status_code < 500, f"{name}: {response.status_code} for {data!r}"
        if response.status_code in (301, 302, 303):
            return  # saved (or sent on to where the work goes on)
        text = ""
        if response.get("Content-Type", "").startswith("text/html"):
            text = response.content.decode()
            assert "This field" not in text and "Enter a valid" not in text, (
                f"{name}: an English message for {data!r}"
            )
        if response.status_code == 200 and "alert-error" not in text:
            return  # saved, answered on the same page (a receipt, a preview)
        after = _row_counts()
        changed = {table for table in after if after[table] != before[table]}
        assert not changed, f"{name}: refused ({response.status_code}) but wrote {changed}"

    post()
