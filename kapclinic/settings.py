"""Settings for the KAP clinic intake, read from the environment (see README, Configuration)."""

from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from kapclinic.driver import use_psycopg2
from kapclinic.env import email_settings, env_bool, env_int, env_list, env_str

use_psycopg2()  # Django's queries go through psycopg2, not the worker's psycopg 3

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

DEBUG = env_bool("DEBUG", default=False)

_DEV_SECRET_KEY = "dev-only-insecure-key-never-use-in-production"  # noqa: S105
SECRET_KEY = env_str("SECRET_KEY") or _DEV_SECRET_KEY
if not DEBUG and SECRET_KEY == _DEV_SECRET_KEY:
    raise ImproperlyConfigured(
        "SECRET_KEY is not set. Set it to a long random value in production, "
        "or set DEBUG=true for development (make run and make test do this)."
    )

# The key of the audit trail's hash chain (audit.chain): its own, so that rotating
# SECRET_KEY never makes the rows written before uncheckable. Keep it safe and never change it.
AUDIT_CHAIN_KEY = env_str("AUDIT_CHAIN_KEY") or (SECRET_KEY if DEBUG else "")
if not AUDIT_CHAIN_KEY:
    raise ImproperlyConfigured(
        "AUDIT_CHAIN_KEY is not set: a long random value, kept for good (the audit trail's "
        "hash chain is checked with it).")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS is not set: list the site's host names.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
# How many proxies in front of the app append to X-Forwarded-For (0: none; the audit trail
# and consent records then use the connection's address).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)

INSTALLED_APPS = [
    "kapclinic.apps.StaffAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.postgres",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "bootstrap",
    "crispy_forms",
    "crispy_bootstrap5",
    "csp",
    "procrastinate.contrib.django",
    "pgtrigger",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_otp_webauthn",
    "audit",
    "throttle",
    "accounts",
    "outbox",
    "clinic",
    "screening",
    "intake",
    "review",
    "care",
    "kapclinic.apps.KapclinicConfig",  # its management commands: backup, restore
]

MIDDLEWARE = [
    "kapclinic.middleware.TrustedProxyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages gzipped for browsers that ask (the PHQ-9 page: 18.5 KB to 3.6 KB, on a phone's
    # connection). Below WhiteNoise, which sends static files precompressed itself; above
    # everything that reads or writes a page. Django's own adds random bytes against BREACH,
    # and its CSRF tokens are masked anew on every page.
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "kapclinic.middleware.SessionRenewalMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "clinic.middleware.OfferedLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After the user is known (the 400 page is a normal page); before any form is read.
    "kapclinic.middleware.SecurityHeadersMiddleware",
    "kapclinic.middleware.StaffSessionMiddleware",
    "kapclinic.middleware.MfaRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks
]

# Strict: only our own scripts, styles and images (Bootstrap's icons are data: URIs); no
# inline code anywhere, the Django admin included.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    },
}

ROOT_URLCONF = "kapclinic.urls"
WSGI_APPLICATION = "kapclinic.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "clinic.context_processors.clinic",
                "review.context_processors.staff_alerts",
            ],
        },
    },
]

# PostgreSQL only: DATABASE_URL when set, otherwise the embedded server under var/.
# The app connects as a role that owns nothing and may not rewrite records (audit rows,
# sent answers, assessments, signatures, notes: `manage.py db_roles`, README "Database
# roles"). Migrations, `db_roles` and the test suite connect as the tables' owner:
# DATABASE_ROLE=owner (with DATABASE_OWNER_URL on an external server).
DATABASE_ROLE = env_str("DATABASE_ROLE", "app")
if DATABASE_ROLE not in ("app", "owner"):
    raise ImproperlyConfigured("DATABASE_ROLE must be app (the default) or owner.")
_database_url = env_str("DATABASE_URL")
# The role the app runs as: DATABASE_URL's user, or on the embedded server one that
# `db_roles --create` makes.
APP_DATABASE_ROLE = (dj_database_url.parse(_database_url)["USER"] if _database_url
                     else "kapclinic_app")
if DATABASE_ROLE == "owner" and _database_url:
    _database_url = env_str("DATABASE_OWNER_URL") or _database_url
if _database_url:
    if not _database_url.startswith(("postgres://", "postgresql://")):
        raise ImproperlyConfigured("DATABASE_URL must be a postgres:// or postgresql:// URL.")
    # Connections are kept for a minute, and checked before a request or a job reuses one:
    # after the database restarts (or fails over), each process reconnects by itself
    # instead of failing its next request on a connection the server has closed.
    DATABASES = {"default": dj_database_url.parse(_database_url, conn_max_age=60,
                                                  conn_health_checks=True)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "kapclinic.embedded_postgres",
            "NAME": "postgres",
            "USER": "postgres" if DATABASE_ROLE == "owner" else APP_DATABASE_ROLE,
            "EMBEDDED_DATA_DIR": str(VAR_DIR / "postgres"),
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Argon2 for new and changed passwords (older hashes are upgraded at the next login).
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
# A password-reset link works for an hour from when it is sent (an invitation, 72 hours).
PASSWORD_RESET_TIMEOUT = 60 * 60
# At least 12 characters, no upper limit: a long passphrase is the best kind.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Lockout (django-axes): 5 failed logins for one username, or from one address (the client's,
# after TrustedProxyMiddleware), lock it for 15 minutes; a right password then is refused
# too. Every attempt is in the audit trail (audit/signals.py).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "accounts.backends.ModelBackendOneQuery",  # permissions in one query (accounts/backends.py)
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = False
AXES_VERBOSE = False

# Two-step login for every staff account (django-otp): an authenticator app (TOTP) or a
# passkey (django-otp-webauthn, as a second step only: never instead of the password, so
# the lockout above always applies), and one-time backup codes.
OTP_TOTP_ISSUER = env_str("MFA_ISSUER", "KAP clinic")
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False
OTP_WEBAUTHN_RP_NAME = OTP_TOTP_ISSUER

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "review:queue"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("es", _("Spanish"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "America/New_York")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

SESSION_COOKIE_HTTPONLY = True
# A client's session ends after 12 hours without a visit (shared devices); a longer pause is
# bridged by the emailed resume link, not the session. Staff sessions are shorter
# (kapclinic.middleware.StaffSessionMiddleware: 15 minutes idle, 12 hours at most).
SESSION_COOKIE_AGE = 60 * 60 * 12
# Renewed on each visit, written at most once a minute (kapclinic.middleware).
SESSION_SAVE_EVERY_REQUEST = False
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = 0 if DEBUG else 60 * 60 * 24 * 365
# Every subdomain must be served over HTTPS too; HSTS_PRELOAD=false leaves the site out of
# browsers' preload lists (check --deploy then warns, by design).
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("HSTS_PRELOAD", default=True)

# Console by default (emails are printed); SMTP through EMAIL_URL (README, Configuration).
# Production must say where mail goes: printed resume links would land in server logs.
if not DEBUG and not env_str("EMAIL_URL"):
    raise ImproperlyConfigured(
        "EMAIL_URL is not set: give the SMTP server (smtp+tls://user:password@host), or "
        "console:// to print emails on purpose."
    )
globals().update(email_settings(env_str("EMAIL_URL")))
# Seconds a worker waits on a silent mail server before counting the try as failed.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
# Links in emails point here (no request exists when a command or a service sends mail).
# (Development uses "localhost": browsers make passkeys there without HTTPS.)
SITE_URL = (env_str("SITE_URL") or ("http://localhost:8000" if DEBUG else "")).rstrip("/")
if not SITE_URL:
    raise ImproperlyConfigured("SITE_URL is not set: the site's address, for links in emails.")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "intake@localhost")
# Passkeys belong to the site's host name, and work only on the site's own address.
OTP_WEBAUTHN_RP_ID = urlsplit(SITE_URL).hostname
OTP_WEBAUTHN_ALLOWED_ORIGINS = [f"{urlsplit(SITE_URL).scheme}://{urlsplit(SITE_URL).netloc}"]

# Background work: Procrastinate's queue, in the same PostgreSQL (README, Background work).
# Finished jobs are deleted (each email's delivery is recorded in the outbox instead).
PROCRASTINATE_WORKER_DEFAULTS = {"delete_jobs": "successful"}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"database_outage_line": {"()": "kapclinic.outages.DatabaseOutageLine"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # The embedded server narrates every start at INFO; its warnings and errors still show.
    "loggers": {"pgserver": {"level": "WARNING"},
                # The queue narrates every task registration and job at INFO.
                "procrastinate": {"level": env_str("QUEUE_LOG_LEVEL", "WARNING")},
                # Lockouts are in the audit trail; the log gets only problems.
                "axes": {"level": "WARNING"},
                # A request that met the database out of reach: one line, not a traceback.
                "django.request": {"filters": ["database_outage_line"]}},
}
