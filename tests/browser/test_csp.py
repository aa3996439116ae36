"""The Content-Security-Policy is sent, and the app's own pages never break it."""

import pytest
from playwright.sync_api import expect

from indgang.families.models import Case
from tests.browser.conftest import shot

pytestmark = pytest.mark.browser


def test_csp_header_and_no_violations_while_browsing(site):
    family = Case.objects.filter(status=Case.Status.ENROLLED).first().family
    person = family.members.order_by("pk").first()
    page = site.new_page()
    violations: list[str] = []
    page.on(
        "console",
        lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None,
    )

    response = page.goto("/log-ind/")
    policy = response.headers.get("content-security-policy", "")
    directives = {d.split()[0]: d.split()[1:] for d in policy.split(";") if d.strip()}
    assert directives.get("script-src") == ["'self'"], policy
    assert directives.get("style-src") == ["'self'"], policy
    assert directives.get("object-src") == ["'none'"], policy
    assert directives.get("frame-ancestors") == ["'none'"], policy
    assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy

    site.login(page, "projektleder")
    # Our scripts ran under the policy: DKFDS and htmx are loaded and started.
    assert page.evaluate("typeof window.DKFDS") == "object"
    assert page.evaluate("typeof window.htmx") == "object"

    # htmx search (an XHR, then a swap) and the pages with forms and tables.
    page.goto("/familier/")
    rows = page.locator("#family-results tbody tr")
    before = rows.count()
    with page.expect_response(
        lambda r: r.url.endswith("/familier/") and r.request.method == "POST"
    ) as search:
        page.get_by_label("Søg på navn").press_sequentially(family.name.split()[-1], delay=20)
    assert search.value.request.headers.get("hx-request") == "true"
    # The response may be an earlier keystroke's: wait for the table to narrow.
    expect(rows).not_to_have_count(before)
    expect(rows.filter(has_text=family.name)).to_have_count(1)
    for path in (
        f"/familier/{family.pk}/",
        f"/familier/{family.pk}/personer/{person.pk}/",
        "/familier/ny/",
        f"/familier/{family.pk}/sag/overlevering/",
        "/deltagerliste/",
        "/sagstal/",
        "/log/?action=view",
        "/log/stikproever/",
    ):
        response = page.goto(path)
        assert response.status == 200, path
        assert "script-src 'self'" in response.headers.get("content-security-policy", ""), path
    page.goto("/familier/ny/")
    page.get_by_role("button", name="Gem").click()  # a page with errors
    expect(page.locator(".form-error-message").first).to_be_visible()
    shot(page, "csp-form-errors")

    assert violations == [], violations
    assert site.page_errors == [], site.page_errors
    assert site.csp_messages() == []

    # The header is enforced, not report-only: an injected inline script does not run.
    page.evaluate(
        """() => {
            const s = document.createElement('script');
            s.textContent = 'window.__inlineRan = true';
            document.body.appendChild(s);
        }"""
    )
    assert page.evaluate("window.__inlineRan === true") is False
    page.wait_for_timeout(100)
    assert violations, "the blocked inline script should be reported on the console"
