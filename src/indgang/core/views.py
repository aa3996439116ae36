import sys

from django.db import connection
from django.db.utils import Error as DatabaseError
from django.db.utils import InterfaceError as DatabaseInterfaceError
from django.db.utils import OperationalError as DatabaseOperationalError
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template.loader import get_template
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@never_cache
@require_GET
def healthz(request):
    """For load balancers and monitoring: is the app up, and can it reach its database?"""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def server_error(request):
    """500, or 503 when the database is away (a restart, a failover): try again shortly.

    Django calls this while it handles the exception, so ``sys.exc_info()`` names it.
    Rendered without the request: the context processors may need the database that failed.
    """
    error = sys.exc_info()[1]
    if isinstance(error, DatabaseOperationalError | DatabaseInterfaceError):
        response = HttpResponse(get_template("503.html").render(), status=503)
        response["Retry-After"] = "5"
        return response
    return HttpResponseServerError(get_template("500.html").render())
