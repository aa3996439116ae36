from django.utils.cache import patch_cache_control

from indgang.audit import context, reads


def client_ip(request) -> str | None:
    """The client's address, as the audit log and the log-in throttling (axes) see it.

    Behind ``TRUSTED_PROXY_COUNT`` proxies, REMOTE_ADDR is the nearest proxy's address and
    each proxy appends the address it was reached from to X-Forwarded-For: the client is
    the entry that many places from the right. Entries further left are whatever the client
    sent, so they are never trusted. A missing or malformed entry falls back to REMOTE_ADDR.
    """
    import ipaddress

    from django.conf import settings

    remote = request.META.get("REMOTE_ADDR") or None
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if proxies <= 0:
        return remote
    entries = [e.strip() for e in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    if len(entries) < proxies:
        return remote
    candidate = entries[-proxies]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


class AuditContextMiddleware:
    """Binds the request's address and read log; logs what the page showed; no caching.

    Every answer to a signed-in user may carry personal data, so none of them may be kept
    by the browser or a proxy (``Cache-Control: no-store``).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        log = context.ReadLog()
        token = context.bind(context.RequestContext(ip_address=client_ip(request), reads=log))
        try:
            response = self.get_response(request)
            user = getattr(request, "user", None)
            if log and 200 <= response.status_code < 300:
                match = request.resolver_match
                reads.flush(user=user, page=match.view_name if match else request.path[:200])
            if log or (user is not None and user.is_authenticated):
                patch_cache_control(response, no_store=True, private=True)
            return response
        finally:
            context.reset(token)
