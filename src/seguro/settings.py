"""Settings, read from the environment in this one place.

SEGURO_DATA_DIR   where the embedded SQLite database lives (default: ./var)
DATABASE_URL      PostgreSQL in production, e.g. postgres://user:pass@host:5432/seguro
SEGURO_SECRET_KEY required when SEGURO_DEBUG is off
SEGURO_DEBUG      "1" for development (default), "0" in production
SEGURO_ALLOWED_HOSTS comma-separated host names
"""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("SEGURO_DATA_DIR", Path.cwd() / "var")).resolve()

DEBUG = os.environ.get("SEGURO_DEBUG", "1") == "1"
SECRET_KEY = os.environ.get("SEGURO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise RuntimeError("Defina SEGURO_SECRET_KEY: es obligatoria cuando SEGURO_DEBUG=0.")
    SECRET_KEY = "solo-para-desarrollo-no-usar-en-produccion"
ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("SEGURO_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "ninja",  # serves the API docs' static files locally (no CDN)
    "seguro.core",
    "seguro.registry",
    "seguro.ledger",
    "seguro.contributions",
    "seguro.collections",
    "seguro.institution",
    "seguro.work_risks",
    "seguro.pensions",
    "seguro.benefits",
    "seguro.health",
    "seguro.reports",
    "seguro.synth",
    "seguro.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "seguro.urls"
WSGI_APPLICATION = "seguro.wsgi.application"

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
            ],
        },
    },
]

_sqlite_path = DATA_DIR / "seguro.sqlite3"
DATABASES = {
    # An empty DATABASE_URL means "not set" (the embedded SQLite), as a shell's `DATABASE_URL=`
    # reads.
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{_sqlite_path}", conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    # WAL lets the server read while a batch job writes; a busy timeout instead of "locked".
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 30,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # A file, not memory, so that a test can hand the database to a subprocess (resume tests).
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / f"test-seguro-{os.getpid()}.sqlite3")}
    # The ledger's covering index (a column included for PostgreSQL's index-only reads) is an
    # ordinary index on SQLite: nothing for the user to act on.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "es-ec"
LANGUAGES = [("es-ec", "Español (Ecuador)")]
TIME_ZONE = "America/Guayaquil"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("SEGURO_LOG_LEVEL", "WARNING")},
}
