"""Clusterwerk settings: one file, every deploy value from the environment (see .env.example)."""

from pathlib import Path

import dj_database_url
import dj_email_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

from clusterwerk.core.env import env_bool, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

# The development secret is public on purpose; the system check `clusterwerk.E001`
# refuses to run with DEBUG=False while it is in use.
DEVELOPMENT_SECRET_KEY = "clusterwerk-development-secret-do-not-use-in-production"
SECRET_KEY = env_str("SECRET_KEY", DEVELOPMENT_SECRET_KEY)
DEBUG = env_bool("DEBUG", True)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django_htmx",
    "csp",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "clusterwerk.core",
    "clusterwerk.accounts",  # before allauth: its templates/account/* replace allauth's
    "allauth",
    "allauth.account",
    "clusterwerk.masterplan",
    "clusterwerk.actors",
    "clusterwerk.projects",
    "clusterwerk.matchmaking",
    "clusterwerk.participation",
    "clusterwerk.events",
    "clusterwerk.award",
    "clusterwerk.foresight",
    "clusterwerk.skills",
    "clusterwerk.governance",
    "clusterwerk.crosscluster",
    "clusterwerk.clusterprofile",
    "clusterwerk.portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "clusterwerk.core.middleware.ChosenLanguageMiddleware",
    "clusterwerk.core.middleware.ClusterMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

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
                "django.template.context_processors.i18n",
                "clusterwerk.core.context_processors.site",
                "clusterwerk.matchmaking.context_processors.new_hits",
                "clusterwerk.portal.context_processors.dashboards",
            ],
        },
    },
]

# --- Database: SQLite is the embedded default, DATABASE_URL switches (PostgreSQL in production/CI).
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=60,
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No JIT compilation: the directory's counts cross its cost threshold and spent more time
    # compiling (65 ms) than the JIT saved; our queries are short OLTP queries.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache: shared by every process (web workers, task workers), because cached pages are
# keyed by data versions that any process may bump, and login throttling and rate limits
# count in it. CACHE_URL: redis://… (production), db:// or unset (the embedded default: the
# table `clusterwerk_cache` in the database, created by the migrations), locmem:// (one process
# only: tests, benchmarks). The system check clusterwerk.E002 refuses DEBUG=False with a
# per-process cache.
CACHE_URL = env_str("CACHE_URL", "")
if CACHE_URL.startswith(("redis://", "rediss://")):
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
    }
elif CACHE_URL in ("", "db://"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "clusterwerk_cache",
            "OPTIONS": {"MAX_ENTRIES": 20000},
        }
    }
elif CACHE_URL == "locmem://":
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
else:
    raise ValueError(f"CACHE_URL: redis://…, rediss://…, db:// or locmem://, not {CACHE_URL!r}")

# --- Background work: Django's task API (django-tasks) on the database backend. Workers
# (`manage.py worker`) claim tasks with SKIP LOCKED on PostgreSQL, so any number may run.
TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# --- Accounts
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "portal:start"  # the management to "Aufgaben", others to "Mein Bereich"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = env_str("ACCOUNT_EMAIL_VERIFICATION", "none" if DEBUG else "mandatory")
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_SESSION_REMEMBER = None
# German wording ("Sie") for allauth's messages; the login form's labels.
ACCOUNT_ADAPTER = "clusterwerk.accounts.adapter.AccountAdapter"
ACCOUNT_FORMS = {"login": "clusterwerk.accounts.forms.LoginForm"}
# After sign-up: "Willkommen" – claim an organisation or register a new one (actors).
ACCOUNT_SIGNUP_REDIRECT_URL = "actors:welcome"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Clusterwerk] "
# Login throttling (allauth counts failed logins per IP and per account in the cache).
# Actions not listed keep allauth's defaults (e.g. "reauthenticate": 10/m/user, which also
# guards the password check of "Konto löschen").
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
}
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG else "https"

# --- E-mail: console in development, EMAIL_URL (smtp://user:pass@host:587/?tls=True) otherwise.
EMAIL_URL = env_str("EMAIL_URL", "")
if EMAIL_URL:
    vars().update(dj_email_url.parse(EMAIL_URL))
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Clusterwerk <noreply@clusterwerk.invalid>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Absolute links in e-mails (no request to take the host from).
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# --- Internationalisation: German UI, English available.
LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("Deutsch")), ("en", _("Englisch"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

# --- Static files: vendored, served by whitenoise.
STATIC_URL = "/static/"  # absolute: the same under every cluster prefix (/c/<slug>/)
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Files browsers ask for at the root (/favicon.ico), see clusterwerk/core/favicon.py.
WHITENOISE_ROOT = BASE_DIR / "public"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# --- Security (production values follow DEBUG=False).
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
# HSTS only over HTTPS in production: a year, subdomains included; preloading is a separate
# decision (hstspreload.org), hence off unless asked for.
SECURE_HSTS_SECONDS = 0 if DEBUG else int(env_str("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp): scripts, styles and images only from our own origin,
# nothing inline and no eval – templates carry no <script>/<style> blocks or style attributes
# (JSON-LD data blocks are not scripts); htmx runs with allowEval off and its indicator
# styles in static/css/app.css.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

# --- Clusterwerk
# The published masterplan text that `make run` imports when it is at hand.
MASTERPLAN_TEXT = env_str(
    "MASTERPLAN_TEXT",
    str(BASE_DIR.parent / "shared" / "seeds" / "masterplan-metall-brandenburg-2020.txt"),
)
DEFAULT_CLUSTER_SLUG = env_str("DEFAULT_CLUSTER_SLUG", "metall")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    # A 403 is one warning line (path, user id, reason) without a traceback; 500s keep theirs.
    "filters": {
        "forbidden_without_traceback": {
            "()": "clusterwerk.core.log_filters.ForbiddenWithoutTraceback"
        }
    },
    "loggers": {"django.request": {"filters": ["forbidden_without_traceback"]}},
    "root": {
        "handlers": ["console"],
        "level": env_str("LOG_LEVEL", "INFO" if not DEBUG else "WARNING"),
    },
}
