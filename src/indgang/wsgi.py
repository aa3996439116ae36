"""WSGI entry point (gunicorn indgang.wsgi)."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "indgang.settings")
application = get_wsgi_application()
# Django's apps, models and settings live as long as the process: out of the collector's way,
# so its full collections during requests scan only what requests made (about 1 ms a request
# on the family overview, docs/benchmarks.md).
gc.freeze()
