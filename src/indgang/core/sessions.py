"""Sliding sessions without a database write on every request.

The idle limits (30 minutes for staff, 15 for parents) need a session's expiry to move on
with activity. Django's ``SESSION_SAVE_EVERY_REQUEST`` does that by writing the session row on
every request: a transaction, an UPDATE and a row lock per page view. Here the session is
written again only when its last write is more than ``REFRESH_SECONDS`` old, so an idle limit
holds to within that much, for a fraction of the writes (docs/benchmarks.md).
"""

import time

SEEN = "_indgang_seen"
REFRESH_SECONDS = 60


class SlidingSessionMiddleware:
    """Sits just inside Django's SessionMiddleware, which saves what this one marks."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        # Only a session the request used and that holds something (a sign-in): an anonymous
        # visitor gets no session row from this.
        if session is not None and session.accessed and not session.is_empty():
            now = int(time.time())
            if now - session.get(SEEN, 0) >= REFRESH_SECONDS:
                session[SEEN] = now  # marks it modified: SessionMiddleware saves it
        return response
