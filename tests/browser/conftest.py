"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

One browser per session, a new context (cookies, viewport, JavaScript on or off) per test.
The demo municipality (families/demo.py) is there for every test (loaded once per worker, then
put back from a snapshot: tests/db_snapshot.py); the live server runs in
a thread of this process, so django.core.mail.outbox sees the e-mails it sends.

Screenshots go to test-artifacts/screenshots/ (git ignores it).
"""

import copy
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests import db_snapshot
from tests.data_migrations import reseed_data_migrations

# Playwright's sync API keeps an asyncio loop running in this thread; the ORM calls the
# tests make between browser steps are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright
from playwright.sync_api import Error as PlaywrightError

from tests.browser import guide_images

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = os.environ.get("INDGANG_CHROMIUM", "/usr/bin/chromium")

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

expect.set_options(timeout=10_000)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"Chromium not found at {CHROMIUM}")
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-dev-shm-usage",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def _served_static(settings):
    """Plain storage: {% static %} gives unhashed names, which the live server's finder
    handler (and whitenoise with finders) serves from build/static and the apps."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True


_demo_loaded: dict = {}  # this worker's load_demo() result, once its rows are in the snapshot


@pytest.fixture
def demo(live_server, _served_static) -> dict:
    """The demo municipality: loaded once per worker, then put back from a snapshot."""
    from indgang.families.demo import load_demo

    if _demo_loaded:
        db_snapshot.restore()
        return copy.deepcopy(_demo_loaded)
    reseed_data_migrations()  # in case this worker's database was emptied before
    result = load_demo()
    assert result["created"], "the demo should load into the empty test database"
    db_snapshot.take()
    _demo_loaded.update(result)
    return copy.deepcopy(result)


@dataclass
class Site:
    """Opens pages on the live server and remembers what the browser complained about."""

    browser: Browser
    base_url: str
    contexts: list[BrowserContext] = field(default_factory=list)
    console: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)

    def url(self, path: str) -> str:
        return self.base_url + path

    def new_page(
        self, *, viewport: dict | None = None, js: bool = True, bypass_csp: bool = False
    ) -> Page:
        context = self.browser.new_context(
            base_url=self.base_url,
            viewport=viewport or DESKTOP,
            java_script_enabled=js,
            bypass_csp=bypass_csp,
            locale="da-DK",
            timezone_id="Europe/Copenhagen",
        )
        context.set_default_timeout(10_000)
        self.contexts.append(context)
        page = context.new_page()
        page.on("console", lambda msg: self.console.append(f"{msg.type}: {msg.text}"))
        page.on("pageerror", lambda exc: self.page_errors.append(str(exc)))
        return page

    def login(self, page: Page, username: str, password: str | None = None) -> None:
        from indgang.families.demo import DEMO_PASSWORD

        page.goto("/log-ind/")
        page.get_by_label("Brugernavn").fill(username)
        page.get_by_label("Adgangskode").fill(password or DEMO_PASSWORD)
        page.get_by_role("button", name="Log ind").click()
        page.wait_for_url(re.compile(r"(/|/log-ind/kode/\?.*)$"))
        if "/log-ind/kode/" in page.url:
            self.enter_code(page, username)
        page.wait_for_url(re.compile(r"/$"))
        expect(page.get_by_role("heading", level=1)).to_contain_text("Goddag")

    def enter_code(self, page: Page, username: str) -> None:
        """The second factor, as the person's authenticator app shows it (the demo's device)."""
        from django_otp.plugins.otp_totp.models import TOTPDevice

        from indgang.signin.testing import unused_code

        device = TOTPDevice.objects.get(user__username=username, confirmed=True)
        page.get_by_label("Kode").fill(unused_code(device))
        page.get_by_role("button", name="Bekræft").click()

    def logout(self, page: Page) -> None:
        page.get_by_role("button", name="Log af").click()
        page.wait_for_url(re.compile(r"/log-ind/"))

    def csp_messages(self) -> list[str]:
        return [m for m in self.console if "Content Security Policy" in m]

    def close(self) -> None:
        for context in self.contexts:
            context.close()


@pytest.fixture
def site(browser, live_server, demo) -> Iterator[Site]:
    s = Site(browser=browser, base_url=live_server.url)
    yield s
    s.close()


def shot(page: Page, name: str) -> Path:
    """A full-page screenshot, named by step and viewport width."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    width = page.viewport_size["width"] if page.viewport_size else 0
    path = SCREENSHOTS / f"{name}-{width}.png"
    try:
        page.screenshot(path=str(path), full_page=True)
    except PlaywrightError as error:
        # Chromium now and then fails to capture a tall page on the busy 2-core CI machine
        # ("Unable to capture screenshot"); the picture is a record, not an assertion: once more.
        if "Unable to capture screenshot" not in str(error):
            raise
        page.wait_for_timeout(500)
        page.screenshot(path=str(path), full_page=True)
    guide_images.update(path)  # UPDATE_GUIDE_IMAGES=1: the user guide's copy in docs/images/
    return path


def assert_styled(page: Page) -> None:
    """The DKFDS stylesheet and our own CSS loaded (not a bare HTML page)."""
    # After a click the new document can be in the DOM before its stylesheets have loaded.
    page.wait_for_load_state("load")
    font = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert "IBM Plex Sans" in font, f"DKFDS CSS did not load: body font is {font!r}"
    sheets = page.evaluate(
        "Array.from(document.styleSheets).map(s => s.href || '').filter(Boolean)"
    )
    assert any(s.endswith("/static/core/indgang.css") for s in sheets), sheets


def run_axe(page: Page) -> list[dict]:
    """Inject axe-core and return its violations for WCAG 2.1 A/AA.

    The page must come from a context made with bypass_csp=True: axe is not served by the app
    and the CSP allows no inline script.
    """
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_JS.read_text(encoding="utf-8"))
    return page.evaluate(
        """async (tags) => {
            const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => ({target: n.target.join(' '), html: n.html.slice(0, 200),
                                          summary: n.failureSummary}))
            }));
        }""",
        AXE_TAGS,
    )


def child_cpr(age_days: int = 900, serial: str = "4711") -> str:
    """A synthetic CPR number for a child born age_days ago (serial 4xxx: born 2000-2036)."""
    from datetime import timedelta

    from django.utils import timezone

    born = timezone.localdate() - timedelta(days=age_days)
    return f"{born:%d%m%y}-{serial}"


def fill_referral(
    page: Page,
    *,
    family: str,
    child_first: str,
    parent_first: str,
    last: str,
    cpr: str,
    parent_email: str = "",
) -> None:
    """Fill the "Ny familie" form (works with JavaScript on or off)."""
    page.get_by_label("Familiens navn").fill(family)
    page.get_by_label("Bopælskommune").select_option(label="Ishøj")
    page.get_by_label("Adresse").fill("Ishøj Strandvej 7")
    page.get_by_label("Postnummer").fill("2635")
    page.get_by_label(re.compile(r"^By\b")).fill("Ishøj")
    page.get_by_label("Foretrukken kontaktform").select_option(label="E-mail")
    page.get_by_label("Barnets fornavn").fill(child_first)
    page.get_by_label("Barnets efternavn").fill(last)
    page.get_by_label("Barnets CPR-nummer").fill(cpr)
    page.get_by_label("Forælderens fornavn").fill(parent_first)
    page.get_by_label("Forælderens efternavn").fill(last)
    if parent_email:
        page.get_by_label("Forælderens e-mail").fill(parent_email)
    page.get_by_label("Henvist af").fill("Sundhedsplejen")
