"""What a list page shows, found in the data it renders, for the audit log's read events.

List pages (the front page, Min uge, tasks, agendas, reports with names) render rows of
families, persons and objects that belong to a family. ``note_shown`` walks the context a
view renders and notes every family and person it finds, so a new column or panel cannot
slip past the log. It walks containers, dataclasses and already-fetched querysets; it never
runs a query.
"""

import dataclasses
from collections.abc import Mapping

from django.db import models
from django.db.models.query import QuerySet

from indgang.audit import reads
from indgang.families.models import Family, Person

_MAX_DEPTH = 6


def note_shown(*values) -> None:
    families: set[int] = set()
    persons: set[int] = set()
    seen: set[int] = set()

    def walk(value, depth: int) -> None:
        if depth > _MAX_DEPTH or value is None or isinstance(value, str | bytes | int | float):
            return
        if id(value) in seen:
            return
        seen.add(id(value))
        if isinstance(value, models.Model):
            _instance(value, depth)
        elif isinstance(value, QuerySet):
            if value._result_cache is not None:
                for item in value._result_cache:
                    walk(item, depth + 1)
        elif isinstance(value, Mapping):
            for item in value.values():
                walk(item, depth + 1)
        elif isinstance(value, list | tuple | set | frozenset):
            for item in value:
                walk(item, depth + 1)
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            for f in dataclasses.fields(value):
                walk(getattr(value, f.name, None), depth + 1)

    def _instance(obj, depth: int) -> None:
        if isinstance(obj, Family):
            families.add(obj.pk)
        elif isinstance(obj, Person):
            persons.add(obj.pk)
            families.add(obj.family_id)
        elif isinstance(getattr(obj, "family_id", None), int):
            families.add(obj.family_id)
        # Follow relations that were already fetched (select_related / prefetch_related).
        for cached in obj._state.fields_cache.values():
            walk(cached, depth + 1)
        for prefetched in getattr(obj, "_prefetched_objects_cache", {}).values():
            walk(prefetched, depth + 1)

    for value in values:
        walk(value, 0)
    if families or persons:
        reads.note_families(families, persons)
