"""The request that is being served: where it came from, and what it has shown so far.

Services log where a change came from; views and selectors note which families and persons
a page shows (``audit.reads``), and the middleware writes one read event at the end of the
request for whatever no explicit event has already named.
"""

from collections.abc import Callable, Iterable
from contextvars import ContextVar
from dataclasses import dataclass, field


@dataclass
class ReadLog:
    """What this request has shown, and what explicit events have already named."""

    # family id -> the persons shown with it (None: every member of the household)
    families: dict[int, set[int] | None] = field(default_factory=dict)
    persons: set[int] = field(default_factory=set)
    logged_families: set[int] = field(default_factory=set)
    logged_persons: set[int] = field(default_factory=set)

    def __bool__(self) -> bool:
        return bool(self.families or self.persons)


@dataclass(frozen=True)
class RequestContext:
    ip_address: str | None = None
    reads: ReadLog | None = None


_NO_REQUEST = RequestContext()
_current: ContextVar[RequestContext | None] = ContextVar("audit_request", default=None)

# Set by the families app: family ids -> the ids of their members (audit knows no domain app).
_household_resolver: Callable[[Iterable[int]], dict[int, list[int]]] | None = None


def current() -> RequestContext:
    return _current.get() or _NO_REQUEST


def bind(context: RequestContext):
    return _current.set(context)


def reset(token) -> None:
    _current.reset(token)


def register_household_resolver(resolver: Callable[[Iterable[int]], dict[int, list[int]]]):
    global _household_resolver
    _household_resolver = resolver


def household_members(family_ids: Iterable[int]) -> dict[int, list[int]]:
    ids = list(family_ids)
    if not ids or _household_resolver is None:
        return {}
    return _household_resolver(ids)


def note_logged(action: str, family_id: int | None, person_ids: Iterable[int]) -> None:
    """An explicit read or export event named these; the page needs no second event for them."""
    reads = current().reads
    if reads is None or action not in ("view", "export", "search", "value_jump"):
        return
    person_ids = set(person_ids)
    # An event that names the family but none of its persons leaves the household to the
    # page's own read event: a family page always shows whom it is about.
    if family_id is not None and person_ids:
        reads.logged_families.add(family_id)
    reads.logged_persons.update(person_ids)
