"""The compliance page draws the trend as a chart beside its table (issue 9)."""

import base64
import re
from datetime import date

from django.urls import reverse

from indgang.followup.views import COMPLIANCE_CHART_TITLE
from tests.followup.test_pages import _family


def _svg(html: str) -> str:
    uri = re.search(r'<img src="data:image/svg\+xml;base64,([^"]+)" alt="([^"]+)"', html)
    assert uri and uri.group(2) == COMPLIANCE_CHART_TITLE
    return base64.b64decode(uri.group(1)).decode()


def test_the_trend_is_a_chart_of_the_total_row_with_the_table_below(world, login):
    _family(world, "Familien A", contact_on=date(2026, 10, 5))
    html = login(world.erin).get(reverse("compliance")).content.decode()
    svg = _svg(html)
    # The legend, kept as text; a measure with no family in any month draws no line.
    assert "Kontakt i måneden" in svg and "Opfølgning til tiden" in svg
    assert "nov. 2026*" in svg and "* Den aktuelle måned indtil nu." in html
    assert html.index("<figure") < html.index('id="compliance-municipality"')


def test_no_families_no_chart(world, login):
    # A leader of a centre without enrolled families sees the table's own message, no chart.
    from indgang.families.models import Case

    Case.objects.filter(family__centre=world.centre).delete()
    html = login(world.erin).get(reverse("compliance")).content.decode()
    assert "Ingen indskrevne familier." in html and "<figure" not in html
