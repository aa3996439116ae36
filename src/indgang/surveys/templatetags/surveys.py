from django import template

register = template.Library()


@register.filter
def dk(value, digits=1):
    """A number with a decimal comma, "–" for none."""
    if value is None:
        return "–"
    return f"{value:.{int(digits)}f}".replace(".", ",")


@register.inclusion_tag("surveys/partials/portal_links.html")
def survey_links(person):
    """The portal front page's "Vi vil gerne høre din mening": the parent's open survey links
    (surveys.selectors.open_links_for_person), so the portal needs no survey code of its own."""
    from indgang.surveys.selectors import open_links_for_person

    return {"links": open_links_for_person(person=person) if person else []}
