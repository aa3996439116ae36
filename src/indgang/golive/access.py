"""Who may import families at go-live: the centre's leaders and its system administrator.

The import is scoped to one centre: its municipalities, its coordinators and its families.
A system administrator without a centre may run the command for a named centre (the
operator on the server), never the page.
"""

import rules

from indgang.organisation.models import Role

IMPORTERS = {Role.LEADER, Role.PROJECT_LEADER, Role.SYSADMIN}


def may_import(user, centre) -> bool:
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.role not in IMPORTERS or centre is None:
        return False
    if user.centre_id is None:
        return user.role == Role.SYSADMIN
    return user.centre_id == centre.pk


@rules.predicate
def imports_for_own_centre(user) -> bool:
    return getattr(user, "centre_id", None) is not None and may_import(user, user.centre)


rules.add_perm("golive.import_families", imports_for_own_centre)
