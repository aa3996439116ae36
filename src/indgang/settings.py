"""Django settings for Indgang. Every deployment value comes from the environment."""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from indgang.core.env import email_settings, env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY", "insecure-development-key-do-not-use-in-production" * 2)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "rules.apps.AutodiscoverRulesConfig",
    "axes",
    "csp",
    "django_otp",
    "indgang.signin.apps.OtpTotpConfig",  # django_otp.plugins.otp_totp, Danish names
    "indgang.core",
    "indgang.organisation",
    "indgang.families",
    "indgang.audit",
    "indgang.plans",
    "indgang.meetings",
    "indgang.followup",
    "indgang.interventions",
    "indgang.reports",
    "indgang.surveys",
    "indgang.oversight",
    "indgang.signin",
    "indgang.api",
    "indgang.portal",
    "indgang.golive",
    "indgang.journal",
]

# Demo data of the apps above families, loaded after the demo families (manage.py load_demo).
DEMO_EXTENSIONS: list[str] = [
    "indgang.followup.demo.load",
    "indgang.meetings.demo.load",  # the core-team member's and the partner's front page
    "indgang.interventions.demo.load",
    "indgang.reports.demo.load",
    "indgang.signin.demo.load",
    "indgang.oversight.demo.load",
    "indgang.surveys.demo.load",
    "indgang.portal.demo.load",
]

# Panels on the family overview, contributed by the apps above families (no import cycle):
# each is a selector ``f(*, user, family) -> dict | None`` and a template it names.
# Who takes part in a family's core-team work, for the need-to-know access policy.
FAMILY_INVOLVEMENT: list[str] = [
    "indgang.meetings.selectors.families_involving",
    "indgang.portal.selectors.families_in_conversation",  # added to the parents' conversation
]

# The handover snapshot (families/handover.py): f(*, case, today) -> [plain sections].
HANDOVER_SECTIONS: list[str] = [
    "indgang.plans.handover.sections",
    "indgang.followup.handover.sections",
    "indgang.meetings.handover.sections",
    "indgang.interventions.handover.sections",
    "indgang.families.handover.people_sections",
]

# The front page: what the person must act on today, f(*, user, today) -> panel | None.
HOME_PANELS: list[str] = [
    "indgang.followup.home.due_panel",
    "indgang.interventions.home.panel",
    "indgang.meetings.home.work_panel",  # the core-team member's and the partner's own
    "indgang.oversight.home.dpo_panel",  # the data-protection officer's look at the log
]

# Min uge (followup.views.my_week): f(*, user, today, family_ids) -> panel dict | None, each
# noting what it shows for the read log; family_ids are the week's families (the user's own
# and those they cover), read once by the page. The portal adds what parents said and wrote.
MY_WEEK_PANELS: list[str] = [
    "indgang.portal.selectors.week_low_feedback",
    "indgang.portal.selectors.week_meeting_replies",
    "indgang.portal.selectors.week_unanswered",
    "indgang.surveys.reminders.week_panel",  # the quarter's status measurement, until scored
]

# The leaders' compliance page: flagged items from the apps above follow-up.
COMPLIANCE_PANELS: list[str] = ["indgang.interventions.home.complaints_overdue"]

# The core team's weekly agenda: what apps above follow-up put on it,
# f(*, family_ids, week, today) -> [followup.agenda.Reason].
CORE_TEAM_AGENDA_SOURCES: list[str] = ["indgang.interventions.agenda.open_proposals"]

FAMILY_OVERVIEW_PANELS: list[str] = [
    "indgang.followup.home.family_status",  # "top": the short status the page starts with
    "indgang.plans.selectors.family_panel",
    "indgang.meetings.selectors.family_panel",
    "indgang.followup.selectors.family_panel",
    "indgang.interventions.selectors.family_panel",
    "indgang.portal.selectors.family_panel",
    "indgang.journal.selectors.family_panel",  # the export to the journal system
    "indgang.reports.selectors.family_panel",  # day care and school, for the status report
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Moves the idle expiry on with activity, writing the session at most once a minute.
    "indgang.core.sessions.SlidingSessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A form sent again after going back goes to the first send's result (core/submit_once.py).
    "indgang.core.submit_once.SubmitOnceMiddleware",
    # A parent's session stays in the portal and ends after 15 idle minutes (portal/).
    "indgang.portal.middleware.PortalMiddleware",
    # Sign-ins older than 12 hours end; a missing second factor is asked for (signin/).
    "indgang.signin.middleware.SignInMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "indgang.audit.middleware.AuditContextMiddleware",
    "indgang.families.middleware.ValueJumpMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "indgang.urls"
WSGI_APPLICATION = "indgang.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "indgang.core.context_processors.site",
                "indgang.families.context_processors.value_jump",
            ],
            # |dato, |kort_dato, |dato_tid, |familien in every template (docs/frontend.md)
            "builtins": ["indgang.core.templatetags.indgang_format"],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'indgang.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers and one writer work at once; the timeout rides out short locks.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "organisation.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "indgang.signin.backends.StaffModelBackend",
    # Declines unless OIDC is configured below; never creates users.
    "indgang.signin.oidc.StaffOIDCBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Staff sign-in through the municipality's identity provider (OpenID Connect), offered on the
# log-in page when the provider's endpoints and this client's id are set (docs/operations.md).
OIDC_OP_AUTHORIZATION_ENDPOINT = env_str("OIDC_OP_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = env_str("OIDC_OP_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = env_str("OIDC_OP_USER_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = env_str("OIDC_OP_JWKS_ENDPOINT", "")
OIDC_RP_CLIENT_ID = env_str("OIDC_RP_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = env_str("OIDC_RP_CLIENT_SECRET", "")
OIDC_RP_SIGN_ALGO = env_str("OIDC_RP_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = env_str("OIDC_RP_SCOPES", "openid email profile")
# The claim that names the staff member, and the user field it is matched against.
OIDC_STAFF_CLAIM = env_str("OIDC_STAFF_CLAIM", "preferred_username")
OIDC_STAFF_FIELD = env_str("OIDC_STAFF_FIELD", "username")
OIDC_LOGIN_LABEL = env_str("OIDC_LOGIN_LABEL", "Log ind med kommunens login")
OIDC_ENABLED = bool(OIDC_OP_AUTHORIZATION_ENDPOINT and OIDC_RP_CLIENT_ID)
if OIDC_ENABLED:
    _missing = [
        name
        for name in ("OIDC_OP_TOKEN_ENDPOINT", "OIDC_OP_USER_ENDPOINT", "OIDC_RP_CLIENT_SECRET")
        if not globals()[name]
    ]
    if OIDC_RP_SIGN_ALGO.startswith("RS") and not OIDC_OP_JWKS_ENDPOINT:
        _missing.append("OIDC_OP_JWKS_ENDPOINT")
    if _missing or OIDC_STAFF_FIELD not in ("username", "email"):
        raise ImproperlyConfigured(
            "OpenID Connect sign-in needs " + ", ".join(_missing or ["OIDC_STAFF_FIELD"])
        )
OIDC_CREATE_USER = False  # the municipality provisions staff; unknown people get no account
OIDC_USE_PKCE = True
OIDC_STORE_ID_TOKEN = False
OIDC_STORE_ACCESS_TOKEN = False
OIDC_TIMEOUT = env_int("OIDC_TIMEOUT_SECONDS", 10)
LOGIN_REDIRECT_URL_FAILURE = "/log-ind/?fejl=oidc"

# Password sign-in needs a second factor (django-otp, TOTP) for roles that see the whole centre
# or the audit log (signin/policy.py); the issuer is what an authenticator app shows.
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", "Indgang")

# Sessions end after 30 minutes without activity (to within the minute: the session row is
# written again at most once a minute, core/sessions.py).
# Sessions in PostgreSQL, shared by every app process behind the load balancer.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_SECONDS", 30 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Whatever the activity, a sign-in ends after 12 hours (signin/middleware.py).
SESSION_ABSOLUTE_SECONDS = env_int("SESSION_ABSOLUTE_SECONDS", 12 * 60 * 60)

# The parents' portal (docs/portal.md): invitations, a shorter idle time, MitID by OpenID
# Connect through NemLog-in or a broker (its own provider settings, never the staff ones).
PORTAL_INVITATION_DAYS = env_int("PORTAL_INVITATION_DAYS", 7)
PORTAL_SESSION_IDLE_SECONDS = env_int("PORTAL_SESSION_IDLE_SECONDS", 15 * 60)
PORTAL_OIDC_OP_AUTHORIZATION_ENDPOINT = env_str("PORTAL_OIDC_OP_AUTHORIZATION_ENDPOINT", "")
PORTAL_OIDC_OP_TOKEN_ENDPOINT = env_str("PORTAL_OIDC_OP_TOKEN_ENDPOINT", "")
PORTAL_OIDC_OP_USER_ENDPOINT = env_str("PORTAL_OIDC_OP_USER_ENDPOINT", "")
PORTAL_OIDC_OP_JWKS_ENDPOINT = env_str("PORTAL_OIDC_OP_JWKS_ENDPOINT", "")
PORTAL_OIDC_RP_CLIENT_ID = env_str("PORTAL_OIDC_RP_CLIENT_ID", "")
PORTAL_OIDC_RP_CLIENT_SECRET = env_str("PORTAL_OIDC_RP_CLIENT_SECRET", "")
PORTAL_OIDC_RP_SIGN_ALGO = env_str("PORTAL_OIDC_RP_SIGN_ALGO", "RS256")
PORTAL_OIDC_RP_SCOPES = env_str("PORTAL_OIDC_RP_SCOPES", "openid profile")
PORTAL_OIDC_CPR_CLAIM = env_str(
    "PORTAL_OIDC_CPR_CLAIM", "https://data.gov.dk/model/core/eid/cprNumber"
)
PORTAL_OIDC_LOGIN_LABEL = env_str("PORTAL_OIDC_LOGIN_LABEL", "Log ind med MitID")
# Attachments to the family's messages go through the default storage (object storage if the
# municipality configures one); locally under MEDIA_ROOT.
PORTAL_ATTACHMENT_MAX_BYTES = env_int("PORTAL_ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024)
PORTAL_ATTACHMENTS_PER_MESSAGE = env_int("PORTAL_ATTACHMENTS_PER_MESSAGE", 5)
MEDIA_ROOT = env_str("MEDIA_ROOT", str(VAR_DIR / "media"))

# Login throttling: five failures lock the username (from any address) and, separately,
# the address (whatever usernames it tries) for 15 minutes, so neither guessing one
# account's password from many addresses nor trying many accounts from one address works.
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"  # counts shared by all processes
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
# The client's address: behind BEHIND_PROXY, the X-Forwarded-For entry added by the outermost
# of TRUSTED_PROXY_COUNT proxies (the same rule as the audit log's address).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 1) if env_bool("BEHIND_PROXY", False) else 0
AXES_CLIENT_IP_CALLABLE = "indgang.audit.middleware.client_ip"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

# Behind TLS (production) every cookie is secure and browsers are told to stay on HTTPS.
HTTPS = env_bool("HTTPS", False)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS and env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
if env_bool("BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# A strict policy: no inline scripts or styles anywhere, everything from our own origin.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

# Nothing in Indgang relies on a cache: sessions and login throttling live in PostgreSQL, so
# any number of app processes share them. The per-process default stays, and holds nothing
# that another process would need.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

LANGUAGE_CODE = "da"
LANGUAGES = [("da", "Dansk"), ("en", "English")]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "build" / "static"]
# Uploaded files (the portal's attachments) go through the default storage: on disk under
# MEDIA_ROOT for one machine; with several app processes, an object-storage backend named by
# FILE_STORAGE_BACKEND (e.g. django-storages' S3 backend, docs/operations.md).
STORAGES = {
    "default": {
        "BACKEND": env_str("FILE_STORAGE_BACKEND", "django.core.files.storage.FileSystemStorage")
    },
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

globals().update(
    email_settings(env_str("EMAIL_URL", "console:" if DEBUG else "smtp://localhost:25"))
)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "indgang@localhost")
# Where Indgang is reached, for links in e-mails sent by scheduled jobs (outside a request).
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Where the footer's "Tilgængelighedserklæring" points when a municipality has none of its own.
ACCESSIBILITY_STATEMENT_URL = env_str("ACCESSIBILITY_STATEMENT_URL", "https://www.was.digst.dk/")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # Request logging would echo query strings; nothing personal may reach the logs.
    "loggers": {"django.server": {"level": "WARNING"}, "axes": {"level": "WARNING"}},
}
