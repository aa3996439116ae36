"""Show audit events in the users' words: Danish field names, not code names."""

from functools import cache

from django import template
from django.apps import apps

register = template.Library()


@cache
def _labels() -> dict[str, dict[str, str]]:
    """{model_name: {field name or attname: verbose name}} for every model Indgang has."""
    labels = {}
    for model in apps.get_models():
        fields = {}
        for field in model._meta.get_fields():
            if hasattr(field, "verbose_name"):
                fields[field.name] = str(field.verbose_name)
                fields[getattr(field, "attname", field.name)] = str(field.verbose_name)
        labels[model._meta.model_name] = fields
    return labels


@register.filter
def changed_fields(event) -> str:
    fields = _labels().get(event.object_type, {})
    return ", ".join(fields.get(name, name) for name in event.changes)


@cache
def _model_names() -> dict[str, str]:
    return {m._meta.model_name: str(m._meta.verbose_name) for m in apps.get_models()} | {
        "participant_list": "deltagerliste",
        "session": "log ind/ud",
        "audit": "loggen",
    }


@register.filter
def object_label(event) -> str:
    name = _model_names().get(event.object_type, event.object_type)
    return name[:1].upper() + name[1:]
