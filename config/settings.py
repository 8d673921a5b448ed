"""Kring's one settings module.

Every value comes from the environment, with defaults that run on a laptop with
nothing installed: SQLite, the in-memory channel layer, a local-memory cache and the
console e-mail backend. Production sets DATABASE_URL, REDIS_URL, SECRET_KEY,
ALLOWED_HOSTS and the e-mail variables (see README.md).
"""

import hashlib
import hmac
import os
import tempfile
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# Off unless asked for: a stack trace can reveal members' data.
DEBUG = env_bool("DEBUG")

# The default key only exists so that a laptop and the tests run without configuration;
# `check --deploy` flags it (security.W009), and production (HTTPS=1) refuses to start.
_INSECURE_DEV_KEY = "django-insecure-kring-development-key-change-me-in-production-0123456789"
SECRET_KEY = os.environ.get("SECRET_KEY", _INSECURE_DEV_KEY)

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # daphne first so that `runserver` is the ASGI one.
    "daphne",
    "community",
    "community.audit",
    "community.accounts",
    "community.info",
    "community.helpdesk",
    "community.moderation",
    "community.notifications",
    "community.privacy",
    "community.safety",
    "community.twofactor",
    "forum",
    "chat",
    "events",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.simple_translation",
    "wagtail.embeds",
    "wagtail.sites",
    "community.accounts.wagtail_users.KringWagtailUsersConfig",  # Wagtail users, pseudonymous forms
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.locales",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "allauth",
    "allauth.account",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "channels",
    "csp",
]

MIDDLEWARE = [
    # The header middlewares come first (outermost), so that every response carries
    # CSP, X-Frame-Options, noindex and no-store: also one that a middleware further
    # in answers by itself (the 2FA gate's redirects and 403, a CSRF failure, a 400 for
    # a foreign Host, slash and language redirects, the redirect to https).
    # XFrameOptions outside KringCSP: KringCSP lets the admin frame itself (SAMEORIGIN)
    # first, and XFrameOptions only fills in DENY where nothing was set.
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "community.privacy.middleware.KringCSPMiddleware",
    "community.privacy.middleware.PrivateResponseMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Visitors' copies of public pages, before the session and everything after it.
    "community.info.page_cache.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Staff pages need a verified second factor (after OTPMiddleware).
    "community.twofactor.middleware.TwoFactorMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "community.privacy.context_processors.privacy",
            ],
        },
    },
    # Second, for fragments rendered many times per page (a thread's posts): see
    # community/templating.py. Looks in each app's jinja2/ folder.
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "APP_DIRS": True,
        "OPTIONS": {"environment": "community.templating.environment"},
    },
]

WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

# --- Database ---------------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "0")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The live-server browser tests run daphne in another process, which needs a
    # file-based test database; one per test run so parallel runs do not collide.
    DATABASES["default"]["TEST"] = {
        "NAME": str(Path(tempfile.gettempdir()) / f"kring-test-{os.getpid()}.sqlite3"),
    }
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
else:
    # PostgreSQL: one test database per test run as well (pytest-django drops it at the
    # end), so that two runs against the same server do not drop each other's.
    DATABASES["default"]["TEST"] = {
        "NAME": f"test_{DATABASES['default']['NAME']}_{os.getpid()}",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "community.User"

# --- Redis: channel layer and cache -----------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
# Messages waiting per channel before the layer drops new ones (channels' default is
# 100). Each daphne process reads every room event through one channel (chat.fanout),
# so a burst of a few seconds must fit; a dropped chat frame is recovered by the
# client from the database, but it costs a round trip.
CHANNEL_LAYER_CAPACITY = int(os.environ.get("KRING_CHANNEL_LAYER_CAPACITY", "1000"))
if REDIS_URL:
    # Chat messages cross Redis: encrypt them (Fernet) with KRING_CHANNEL_LAYER_KEY
    # (several, comma-separated, to rotate: the first encrypts), or a key derived from
    # SECRET_KEY, so every process with the same SECRET_KEY agrees without more setup.
    CHANNEL_LAYER_KEYS = env_list("KRING_CHANNEL_LAYER_KEY") or [
        hmac.new(SECRET_KEY.encode(), b"kring.channel-layer", hashlib.sha256).hexdigest()
    ]
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {
                # redis-py 8 reads with a 5 s socket timeout by default, the same as
                # channels-redis's BZPOPMIN wait: an idle socket's read then times
                # out and the consumer dies (closed with 1011). Wait longer than that.
                "hosts": [
                    {"address": REDIS_URL, "socket_timeout": 15, "socket_connect_timeout": 5}
                ],
                "prefix": "kring",
                "capacity": CHANNEL_LAYER_CAPACITY,
                "symmetric_encryption_keys": CHANNEL_LAYER_KEYS,
            },
        }
    }
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "kring",
        }
    }
else:
    # The in-memory layer only reaches consumers in this one process: fine for a
    # laptop and for tests, never for production with several daphne processes.
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels.layers.InMemoryChannelLayer",
            "CONFIG": {"capacity": CHANNEL_LAYER_CAPACITY},
        }
    }
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Accounts -----------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
ACCOUNT_LOGOUT_REDIRECT_URL = "/"

ACCOUNT_ADAPTER = "community.accounts.adapters.AccountAdapter"
ACCOUNT_FORMS = {
    "signup": "community.accounts.forms.SignupForm",
    "login": "community.accounts.forms.LoginForm",
}
ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "email", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_USERNAME_MIN_LENGTH = 3
# None: the login form asks ("stay signed in on this device"). Unticked, the session
# cookie ends with the browser; ticked, it lives SESSION_COOKIE_AGE.
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_PRESERVE_USERNAME_CASING = False
ACCOUNT_RATE_LIMITS = {
    # Five failed logins for one pseudonym within 15 minutes lock it for the rest
    # of the window (issue #2, brute-force protection).
    "login_failed": "5/15m/key",
    "login": "30/m/ip",
    "signup": "20/h/ip",
    "reset_password": "20/m/ip,5/m/key",
    "change_password": "5/m/user",
}

# --- Two-factor authentication (community/twofactor) --------------------------------
# THE list of staff areas: users for whom community.policies.requires_two_factor is
# true must verify a second factor (django-otp) before any URL under these prefixes.
KRING_STAFF_PATH_PREFIXES = (
    "/admin/",
    "/django-admin/",
    "/moderation/",
    "/members/approvals/",
    # Support workers' side of the help desk (members' own pages are under /help/).
    "/help/staff/",
    # Administrators issue one-time enrolment codes here.
    "/account/2fa/enrolment-code/",
    # Creating, editing and managing meetups (facilitators who are members pass too).
    "/meetups/manage/",
)
OTP_TOTP_ISSUER = "Kring"
# One login for the site and both admins: TwoFactorMiddleware sends the admins' login
# pages to allauth's (with its rate limits). WAGTAILADMIN_LOGIN_URL stays unset: Wagtail
# also sends logged-in members without admin access there, which would loop via allauth.

# --- Sessions and security ----------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_AGE = 60 * 60 * 12
# Behind TLS (production) set HTTPS=1: secure cookies, redirect to https and HSTS.
# Off by default so that a laptop and the test suite can use plain http.
HTTPS = env_bool("HTTPS")
if HTTPS and SECRET_KEY == _INSECURE_DEV_KEY:
    raise ImproperlyConfigured("HTTPS=1 (production) needs a SECRET_KEY in the environment.")
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
# No cookie outlives the browser session unless the member chooses to stay signed in:
# the CSRF cookie too (Django's default keeps it a year), and the language cookie
# (LANGUAGE_COOKIE_AGE stays None).
CSRF_COOKIE_AGE = None
SECURE_SSL_REDIRECT = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
# "same-origin": no Referer ever leaves Kring. Not "no-referrer": with it, browsers send
# `Origin: null` on every form POST and Django's CSRF check refuses all forms.
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_REDIRECT_EXEMPT = [r"^health/$"]

# Where the quick exit sends people: a neutral page (the weather). The browser only
# navigates there; no page of Kring ever loads anything from it.
QUICK_EXIT_URL = os.environ.get(
    "QUICK_EXIT_URL", "https://www.knmi.nl/nederland-nu/weer/verwachtingen"
)
_QUICK_EXIT_ORIGIN = "/".join(QUICK_EXIT_URL.split("/", 3)[:3])

# No third-party request from any page: everything comes from Kring itself. No
# 'unsafe-inline' anywhere: scripts and styles live in static files.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "media-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        # The quick-exit form (without JavaScript) posts to /exit/, which redirects to
        # the neutral site; Chromium applies form-action to that redirect too.
        "form-action": ["'self'", _QUICK_EXIT_ORIGIN],
        "frame-ancestors": ["'none'"],
    }
}
# Wagtail admin only (community.privacy.middleware.KringCSPMiddleware): its editing
# forms use inline <script> (date pickers, inline panels) and style attributes, its
# image uploads preview blob: URLs, and its page preview frames the admin itself.
# Still nothing from another host.
CSP_ADMIN_URL_PREFIXES = ["/admin/"]
CONTENT_SECURITY_POLICY_ADMIN = {
    "script-src": ["'self'", "'unsafe-inline'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "frame-src": ["'self'"],
    "frame-ancestors": ["'self'"],
}

# Members-only and staff areas: sent with `X-Robots-Tag: noindex` whatever the response
# (community.privacy.middleware.PrivateResponseMiddleware). Apps add their prefix here.
PRIVATE_URL_PREFIXES = [
    "/forum/",
    "/chat/",
    "/meetups/",
    "/events/",
    "/alerts/",
    "/help/",
    "/moderation/",
    "/notifications/",
    "/members/",
    "/account/",
    "/accounts/",
    "/welcome/",
    "/admin/",
    "/django-admin/",
    "/exit/",
]

# --- Internationalisation -----------------------------------------------------------
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAIL_I18N_ENABLED = True
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

# --- Static and media files -----------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# --- E-mail ---------------------------------------------------------------------------
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# Neutral sender: nothing in an inbox should reveal what Kring is (no display name).
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "noreply@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Wagtail --------------------------------------------------------------------------
WAGTAIL_SITE_NAME = "Kring"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILEMBEDS_FINDERS = []  # No embeds: they would make readers' browsers call other hosts.
WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS = False
WAGTAIL_ENABLE_UPDATE_CHECK = False  # No calls home from the admin.
WAGTAIL_GRAVATAR_PROVIDER_URL = None  # Avatars from gravatar.com would be a third-party call.
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAILIMAGES_EXTENSIONS = ["jpg", "jpeg", "png", "webp"]
# Editors cannot publish alone: a second editor's approval in the "Two-editor review"
# workflow publishes the page (community/info/workflows.py).
WAGTAIL_FINISH_WORKFLOW_ACTION = "community.info.workflows.publish_after_review"

# --- Logging: no IP addresses, no request lines ----------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(levelname)s %(name)s %(message)s"}},
    # Any IP address still in a message becomes "[address]" (config.serverlog).
    "filters": {"no_addresses": {"()": "config.serverlog.RedactAddresses"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["no_addresses"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {
        # These loggers print request lines with the client's address.
        "django.server": {"handlers": [], "level": "CRITICAL", "propagate": False},
        "django.channels.server": {"handlers": [], "level": "CRITICAL", "propagate": False},
        # daphne's debug lines name the client ("HTTP close for ['203.0.113.7', 5555]"):
        # never below INFO, whatever LOG_LEVEL says. Its access log is no logger at all:
        # config.serverlog silences it (tests/community/test_server_access_log.py).
        "daphne.http_protocol": {"level": "INFO"},
        "daphne.ws_protocol": {"level": "INFO"},
    },
}

# --- Security review (issue 7): accounts, e-mail, rate limits, logging -----------------
# Kept together in one block. Nothing may reveal whether an e-mail address (or, at
# login and password reset, a pseudonym) is registered: being found to have an
# account here can out a member. SignupForm and AddEmailForm (community.accounts.forms)
# accept an address in use without attaching it and notify its owner instead;
# allauth's own enumeration prevention covers login and password reset.
ACCOUNT_PREVENT_ENUMERATION = True
# No "you have no account" mails to whatever address someone types into the reset form.
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
ACCOUNT_FORMS = {**ACCOUNT_FORMS, "add_email": "community.accounts.forms.AddEmailForm"}
# One notice per address per 3 minutes to the owner of an address someone else typed
# (community.accounts.adapters.address_owner_notify), as allauth's confirmation cooldown.
ACCOUNT_RATE_LIMITS = {**ACCOUNT_RATE_LIMITS, "notify_address_owner": "1/3m/key"}
# Neutral e-mails: allauth would put "[host] " before every subject. The bodies come
# from templates/account/email/ (no site name, host or pseudonym).
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
# One password reset, allauth's (neutral mail, rate limits, no enumeration): Wagtail's
# own at /admin/password_reset/ mailed the pseudonym and skipped the rate limits.
WAGTAIL_PASSWORD_RESET_ENABLED = False

# Per-client rate limits behind a proxy, without storing an address. Behind a reverse
# proxy every request comes from the proxy's address, so allauth's per-client limits
# (e.g. `login: 30/m/ip`) would be one limit for the whole site. Set this to the header
# in which the proxy passes the client's address (README: nginx sets
# `X-Kring-Client $remote_addr`, overwriting whatever a client sent). Only
# community.accounts.adapters.client_fingerprint reads it, turns it into an HMAC and
# hands that to allauth, which keeps it in the cache for the limit's window; it is
# never logged.
# Unset (the default), the header is ignored: a client could otherwise pick a new
# "address" for every request.
KRING_CLIENT_ADDRESS_HEADER = os.environ.get("KRING_CLIENT_ADDRESS_HEADER", "")

# --- Chat -----------------------------------------------------------------------------
# Per member, across rooms: at most this many messages within this many seconds
# (issue 9: a clear `rate_limited` error with `retry_after`). Counted in the cache.
KRING_CHAT_RATE_LIMIT = (5, 5.0)

# --- Meetups (events) ------------------------------------------------------------------
# Sessions are stored this many days ahead (`manage.py meetups_generate_sessions`).
KRING_MEETUP_GENERATE_DAYS = 90
# A meetup room's messages are deleted this many hours after it closes.
KRING_MEETUP_ROOM_PURGE_HOURS = int(os.environ.get("KRING_MEETUP_ROOM_PURGE_HOURS", "24"))
# Who attended is deleted this many days after the session (`meetups_purge_attendance`).
KRING_MEETUP_ATTENDANCE_PURGE_DAYS = int(os.environ.get("KRING_MEETUP_ATTENDANCE_PURGE_DAYS", "30"))
# Reminder e-mails come from a neutral address (falls back to DEFAULT_FROM_EMAIL).
KRING_NEUTRAL_FROM_EMAIL = os.environ.get("KRING_NEUTRAL_FROM_EMAIL", DEFAULT_FROM_EMAIL)
