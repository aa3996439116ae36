"""Sign-in pages in the access matrix (tests/test_signin*.py test them properly)."""

from tests.matrix import ANON, PERSONAS, Entry

SIGNED_IN = set(PERSONAS) - {ANON}

ENTRIES = {
    # Nothing pending for a session made without a password: straight on to the home page.
    "signin_second_factor": Entry(allowed=SIGNED_IN, ok=302),
    # No identity provider is configured in the test settings: the pages do not exist.
    "oidc_authentication_init": Entry(allowed=set(), denied=404, anonymous=404),
    "oidc_authentication_callback": Entry(allowed=set(), denied=404, anonymous=404),
}
