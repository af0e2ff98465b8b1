"""Groupwork settings: one file, every knob from the environment.

Defaults run locally (SQLite, fake SMS, DEBUG on). Production sets DEBUG=0 and must then
provide SECRET_KEY; `manage.py check --deploy --fail-level WARNING` is clean with those.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from scheduler.platform.dev_keys import DEV_FIELD_KEY, DEV_LOOKUP_KEY

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    lowered = raw.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), got {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, got {raw!r}") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_choice(name: str, default: str, choices: set[str]) -> str:
    value = env_str(name, default)
    if value not in choices:
        raise ImproperlyConfigured(f"{name} must be one of {sorted(choices)}, got {value!r}")
    return value


DEBUG = env_bool("DEBUG", True)
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY is required when DEBUG is off")
    SECRET_KEY = "dev-only-insecure-key-never-use-in-production-0123456789abcdef"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
PUBLIC_BASE_URL = env_str("PUBLIC_BASE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "ninja",  # bundled Swagger assets: the docs page needs no CDN
    "recurrence",
    "django_q",
    "csp",
    "axes",  # failed-login lockout; its admin lists and deletes lockouts
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",  # single-use recovery codes
    "scheduler",
    "programmes",
    "attendance",
    "creche",
    "notifications",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "scheduler.platform.headers.SecurityHeadersMiddleware",
    "csp.middleware.CSPMiddleware",
    "scheduler.platform.faults.FaultResponsesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "scheduler.platform.middleware.RejectNulCharactersMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "scheduler.platform.signed_in.PreparedOTPMiddleware",  # django-otp's, its read prepared
    "django.contrib.messages.middleware.MessageMiddleware",
    "scheduler.platform.mfa_middleware.MfaRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a locked-out login into the lockout page
]

ROOT_URLCONF = "scheduler.urls"
WSGI_APPLICATION = "scheduler.wsgi.application"
AUTH_USER_MODEL = "scheduler.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "scheduler" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "scheduler.platform.navigation.navigation",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'groupwork.sqlite3'}")
# Persistent connections (checked before reuse): a worker sending texts or a gunicorn thread
# serving registers does not open a new connection per task or request.
DATABASES = {"default": dj_database_url.parse(DATABASE_URL,
                                              conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
                                              conn_health_checks=True)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Concurrent tablets writing registers: without WAL, IMMEDIATE transactions and a
    # generous busy timeout, SQLite answers "database is locked" to about 1 write in 7.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
else:
    # Django's queries bind parameters on the client and are never prepared; the few hot
    # hand-written statements (the register's read and save, API tokens, the access record:
    # scheduler/platform/raw_sql.py) ask for it, once per connection. Off behind a pooler
    # that cannot keep prepared statements per client (PgBouncer in transaction mode before
    # 1.21): they then run unprepared.
    DATABASES["default"].setdefault("OPTIONS", {})["prepare_threshold"] = (
        5 if env_bool("DB_PREPARED_STATEMENTS", True) else None)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Time -------------------------------------------------------------------------------------
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
# django-recurrence: rules are stored without DTSTART; expansion passes an aware local dtstart.
RECURRENCE_USE_TZ = False

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# --- Security ---------------------------------------------------------------------------------
SESSION_ENGINE = "scheduler.platform.signed_in"  # the database store, its read prepared
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 12 * 60 * 60)  # a working day on a tablet
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)

# Content-Security-Policy (django-csp): scripts, styles and images from our own origin only;
# no inline script or style anywhere (templates use static files), no framing, no plugins.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [NONE],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "manifest-src": [SELF],
        "worker-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    },
}

# --- Encryption at rest (scheduler/platform/crypto.py, docs/operations.md "Field keys") -----
# Fernet keys, comma-separated: the first encrypts, every one decrypts (rotation). The lookup
# key is separate: it keys the HMAC of phone numbers used to match inbound texts.
GROUPWORK_FIELD_KEYS = env_list("GROUPWORK_FIELD_KEYS", [])
GROUPWORK_LOOKUP_KEY = env_str("GROUPWORK_LOOKUP_KEY")
if not (GROUPWORK_FIELD_KEYS and GROUPWORK_LOOKUP_KEY):
    if not DEBUG:
        raise ImproperlyConfigured(
            "GROUPWORK_FIELD_KEYS and GROUPWORK_LOOKUP_KEY are required when DEBUG is off")
    GROUPWORK_FIELD_KEYS = GROUPWORK_FIELD_KEYS or [DEV_FIELD_KEY]
    GROUPWORK_LOOKUP_KEY = GROUPWORK_LOOKUP_KEY or DEV_LOOKUP_KEY

# --- Authentication: lockout (django-axes), Argon2, two-step verification (django-otp) -------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked-out username or client
    "scheduler.platform.signed_in.PreparedModelBackend",  # ModelBackend, its read prepared
    # Signs nobody in (the one above stops at a wrong password): kept for sessions signed in
    # before it, which name this one; remove once those have expired (SESSION_COOKIE_AGE).
    "django.contrib.auth.backends.ModelBackend",
]
# Argon2id first; older hashes still verify and are re-hashed with Argon2 at the next sign-in.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_COOLOFF_MINUTES", 15))
# Two independent counters: one per username (wherever the guesses come from) and one per
# client IP (however many usernames it tries).
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "scheduler.platform.lockout.lockout_response"
AXES_VERBOSE = False
# Behind a reverse proxy every client shares the proxy's address: count the trusted proxies
# so the client IP is read from X-Forwarded-For instead.
AXES_IPWARE_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0) or None
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR") if AXES_IPWARE_PROXY_COUNT else ("REMOTE_ADDR",))
# Roles whose users must pass TOTP after their password (every role that reads personal
# records, and administrators). Staff who may enter the admin site always must.
MFA_REQUIRED_ROLES = env_list("MFA_REQUIRED_ROLES",
                              ["facilitator", "coordinator", "creche_worker", "admin"])
OTP_TOTP_ISSUER = "Groupwork"
MFA_RECOVERY_CODE_COUNT = 10

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

# --- Background jobs (django-q2, ORM broker on the same database) ----------------------------
# timeout < retry: a task whose worker died is retried only after it surely stopped.
Q_CLUSTER = {
    "name": "groupwork",
    "orm": "default",
    "workers": env_int("Q_WORKERS", 2),
    "timeout": 60,
    "retry": 120,
    "max_attempts": 5,
    "catch_up": False,
    "sync": env_bool("Q_SYNC", False),
    "poll": 1,
    "ack_failures": True,
    # Successes are not stored: each message keeps its own status; failures always are.
    "save_limit": -1,
    "bulk": 5,  # tasks taken from the queue per fetch
}

# --- SMS --------------------------------------------------------------------------------------
SMS_BACKEND = env_choice("SMS_BACKEND", "console", {"console", "fake", "twilio"})
TWILIO_ACCOUNT_SID = env_str("TWILIO_ACCOUNT_SID")
TWILIO_AUTH_TOKEN = env_str("TWILIO_AUTH_TOKEN")
TWILIO_FROM = env_str("TWILIO_FROM")  # a number or messaging service SID, never a brand name
TWILIO_API_BASE = env_str("TWILIO_API_BASE")  # tests point the real client at a local fake
TWILIO_TIMEOUT_SECONDS = env_int("TWILIO_TIMEOUT_SECONDS", 10)
# Words no text may contain, on top of the built-in ones and every programme type, run and
# venue name: the organisation's own name first (a text naming it tells a reader who wrote).
SMS_ORGANISATION_NAME = env_str("SMS_ORGANISATION_NAME")
SMS_BANNED_WORDS = env_list("SMS_BANNED_WORDS", [])
# Consent to texts older than this pauses them until staff re-confirm it (never asked by SMS).
SMS_CONSENT_RECONFIRM_DAYS = env_int("SMS_CONSENT_RECONFIRM_DAYS", 183)
if SMS_BACKEND == "twilio" and not (TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN and TWILIO_FROM):
    raise ImproperlyConfigured(
        "SMS_BACKEND=twilio needs TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_FROM"
    )

# --- Reporting --------------------------------------------------------------------------------
SMALL_CELL_THRESHOLD = env_int("SMALL_CELL_THRESHOLD", 5)  # counts 1..4 published as "<5"
# The provider named on the cover of the commissioner's workbook (attendance/workbook.py).
PROVIDER_NAME = env_str("PROVIDER_NAME", "Groupwork provider")

# --- Retention (docs/operations.md, "Retention"): days each kind of record is kept ------------
ACCESS_LOG_RETENTION_DAYS = env_int("ACCESS_LOG_RETENTION_DAYS", 730)  # then purged
# A participant with no activity (referral, enrolment, mark, crèche visit, text) for this long
# is anonymised: identity, contact, children's details and texts go; counts stay.
PARTICIPANT_RETENTION_DAYS = env_int("PARTICIPANT_RETENTION_DAYS", 6 * 365)
# Sent/failed texts' bodies are blanked after this (the row stays for the outbox's counts).
MESSAGE_BODY_RETENTION_DAYS = env_int("MESSAGE_BODY_RETENTION_DAYS", 90)
# Inbound replies (their words and the number they came from) are deleted after this.
INBOUND_RETENTION_DAYS = env_int("INBOUND_RETENTION_DAYS", 365)

# --- Registers --------------------------------------------------------------------------------
REGISTER_LOCK_DAYS = env_int("REGISTER_LOCK_DAYS", 7)  # after this, a change needs a reason

# --- Logging: structured, never personal data (ids only) -------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # At DEBUG it logs request URLs: a Twilio message lookup's URL holds the phone number.
        "urllib3": {"level": "WARNING"},
    },
}
