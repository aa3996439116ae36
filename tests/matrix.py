"""The access matrix's vocabulary, shared by every app's entries (tests/<app>/matrix.py).

An app adds its pages by defining ``ENTRIES: dict[url_name, Entry]`` and, if its URLs need
objects, ``def objects(world) -> dict[key, model instance]``; an Entry's ``kwargs`` names the
key and the URL gets ``<key>_id``. Family-scoped pages also get ``family_id``.
"""

from dataclasses import dataclass, field

ANON = "anonymous"
PERSONAS = [ANON, "alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan"]
VIEWERS = {"alice", "bob", "carol", "erin", "frank"}  # who may see the Hansen family
MANAGERS = {"alice", "erin", "frank"}  # who may act on its case
BROWSERS = {"alice", "bob", "carol", "dave", "erin", "frank", "ivan"}
LEADERS = {"erin", "frank"}

# Pages that belong to another mechanism and are tested on their own.
EXEMPT_NAMESPACES = {"admin"}  # Django's admin: only the system administrator (test_admin)
# The JSON API (/api/v1/): bearer tokens, not personas; tests/api/test_matrix.py covers every
# operation x client scope x another centre's family, and its read logging.
EXEMPT_NAMESPACES.add("api")


@dataclass
class Entry:
    allowed: set[str]
    kwargs: str = ""  # which object ids the URL needs: "family", "person", "consent", ...
    method: str = "get"
    ok: int = 200
    denied: int = 403  # for logged-in personas who may see the family but not do this
    family_scoped: bool = False  # non-viewers get 404, not 403
    anonymous: int = 302  # to the login page
    data: dict = field(default_factory=dict)


def family_page(allowed, kwargs="family", **kw):
    return Entry(allowed=allowed, kwargs=kwargs, family_scoped=True, **kw)


CORE_ENTRIES = {
    "home": Entry(allowed=set(PERSONAS) - {ANON}),
    "healthz": Entry(allowed=set(PERSONAS), anonymous=200),
    "login": Entry(allowed={ANON}, anonymous=200, denied=302),
    "logout": Entry(allowed=set(PERSONAS), method="post", ok=302, anonymous=302),
    "family_list": Entry(allowed=BROWSERS),
    "family_create": Entry(allowed=MANAGERS | {"ivan"}),
    "family_detail": family_page(VIEWERS),
    "family_edit": family_page(MANAGERS),
    "family_access": family_page(MANAGERS),
    # Under the world's centre-wide scope a viewer is sent straight on to the family.
    "value_jump": family_page(VIEWERS, ok=302),
    "person_detail": family_page(VIEWERS, kwargs="person"),
    "person_edit": family_page(MANAGERS, kwargs="person"),
    "person_create": family_page(MANAGERS),
    "custody_edit": family_page(MANAGERS, kwargs="person"),
    "household_join": family_page(MANAGERS),
    "eligibility_assess": family_page(MANAGERS),
    "consent_record": family_page(MANAGERS),
    "consent_withdraw": family_page(MANAGERS, kwargs="consent"),
    "case_enrol": family_page(MANAGERS),
    "case_discharge": family_page(MANAGERS),
    "case_reopen": family_page(MANAGERS),
    "coordinator_assign": family_page(MANAGERS),
    "handover_start": family_page(MANAGERS),
    "cover_start": family_page(MANAGERS),
    "handover_detail": family_page(VIEWERS, kwargs="handover"),
    "partner_link": family_page(MANAGERS),
    "partner_unlink": family_page(MANAGERS, kwargs="link"),
    "external_case_add": family_page(MANAGERS),
    "participant_list": Entry(allowed=LEADERS),
    "caseload": Entry(allowed=LEADERS),
    "audit_search": Entry(allowed=LEADERS | {"heidi"}),
    # The DPO runs spot checks too; a mark always returns to the list (a refusal as a message).
    "spot_check": Entry(allowed=LEADERS | {"heidi"}),
    "spot_check_mark": Entry(
        allowed=LEADERS | {"heidi"},
        kwargs="spot_check",
        method="post",
        ok=302,
        data={"verdict": "legitimate"},
    ),
}
