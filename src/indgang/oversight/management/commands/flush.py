"""Django's flush, able to empty the append-only audit tables (see oversight.maintenance).

pytest-django flushes the database after every live-server and transactional test; without
this, the audit log's triggers would make that flush fail.
"""

from django.core.management.commands.flush import Command as DjangoFlush
from django.db import connections

from indgang.oversight.maintenance import guards_lifted


class Command(DjangoFlush):
    def handle(self, **options):
        with guards_lifted(connections[options["database"]]):
            return super().handle(**options)
