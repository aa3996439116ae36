from indgang.audit import context


def client_ip(request) -> str | None:
    # REMOTE_ADDR is the proxy's address behind a load balancer; the proxy sets the real one.
    return request.META.get("REMOTE_ADDR") or None


class AuditContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = context.bind(context.RequestContext(ip_address=client_ip(request)))
        try:
            return self.get_response(request)
        finally:
            context.reset(token)
