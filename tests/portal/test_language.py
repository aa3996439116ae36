"""The portal in English: a complete catalogue and a switch that staff pages do not follow."""

import re
from pathlib import Path

import indgang.portal

PO = Path(indgang.portal.__file__).parent / "locale" / "en" / "LC_MESSAGES" / "django.po"


def test_the_english_catalogue_is_complete():
    text = PO.read_text(encoding="utf-8")
    entries = text.split("\n\n")[1:]
    assert len(entries) > 100
    for entry in entries:
        assert "#, fuzzy" not in entry, entry
        assert not re.search(r'^msgstr ""\Z', entry.strip(), re.M), f"untranslated: {entry}"
    assert PO.with_suffix(".mo").stat().st_mtime >= PO.stat().st_mtime - 1


def _msgids() -> set[str]:
    found = set()
    for entry in PO.read_text(encoding="utf-8").split("\n\n"):
        match = re.search(r'^msgid ((?:".*"\n?)+)', entry, re.M)
        if match:
            found.add("".join(re.findall(r'"(.*)"', match.group(1))).replace('\\"', '"'))
    return found


def test_every_portal_string_is_in_the_catalogue():
    """Each {% trans %} and gettext string of the portal has an entry (makemessages ran)."""
    msgids = _msgids()
    root = PO.parents[3]
    sources = list(root.glob("templates/portal/**/*.html"))
    sources += root.glob("**/*.py")  # the selectors/ package too
    pattern = re.compile(r'{% trans "([^"]+)" %}|\b_\(\s*"([^"]+)"\s*\)')
    for source in sources:
        for match in pattern.finditer(source.read_text(encoding="utf-8")):
            msgid = match.group(1) or match.group(2)
            assert msgid in msgids, f"{source.name}: {msgid!r} not in the catalogue"


def test_the_switch_speaks_english_in_the_portal_only(world, maria, parents):
    assert "Vores plan" in maria.get("/familie/").content.decode()
    response = maria.post("/familie/sprog/", {"sprog": "en", "next": "/familie/plan/"})
    assert response.status_code == 303 and response["Location"] == "/familie/plan/"
    page = maria.get("/familie/").content.decode()
    assert "Our plan" in page and "Vores plan" not in page and 'lang="en"' in page
    assert maria.get("/familie/hvem-har-set/").content.decode().count("Who has seen") >= 1
    maria.post("/familie/sprog/", {"sprog": "da"})
    assert "Vores plan" in maria.get("/familie/").content.decode()
    # Anything else is ignored; a foreign next goes home.
    response = maria.post("/familie/sprog/", {"sprog": "xx", "next": "https://evil.invalid/"})
    assert response["Location"] == "/familie/"


def test_visitors_can_switch_on_the_sign_in_page(client, world):
    client.post("/familie/sprog/", {"sprog": "en", "next": "/familie/log-ind/"})
    assert "Sign in as a parent" in client.get("/familie/log-ind/").content.decode()
