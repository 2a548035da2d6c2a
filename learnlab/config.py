"""Settings: defaults, then ``instance/config.py``, then ``LEARNLAB_*`` environment variables.

Every setting is declared here with its type. An unknown ``LEARNLAB_*`` variable, a value of the
wrong type, or an unsafe production setting stops start-up with a message naming it: a typo in a
deployment must never fall back to a default silently.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from limits import parse_many

PREFIX = "LEARNLAB_"
PROJECT_ROOT = Path(__file__).resolve().parent.parent
ENVIRONMENTS = ("development", "production", "testing")
LANGUAGES = ("en", "ru", "kk", "ky")


class ConfigError(RuntimeError):
    """A setting is missing, unknown or malformed; the message names it."""


def _bool(raw: str) -> bool:
    value = raw.strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off"):
        return False
    raise ValueError("expected true or false")


def _int(raw: str) -> int:
    return int(raw.strip())


def _str(raw: str) -> str:
    return raw


@dataclass(frozen=True)
class Setting:
    parse: Callable[[str], Any]
    help: str


# Settings a deployment may change, by name without the prefix.
SETTINGS: dict[str, Setting] = {
    "ENV": Setting(_str, "development, production or testing"),
    "SECRET_KEY": Setting(_str, "signs sessions and CSRF tokens; required in production"),
    "DATABASE_URL": Setting(_str, "SQLAlchemy URL; SQLite in instance/ by default"),
    "CONTENT_DIR": Setting(_str, "folder holding modules/ and course.md"),
    "QUIZ_DIR": Setting(_str, "folder holding the quiz files"),
    "CONTENT_REPO": Setting(
        _str, "git work tree the browser editor commits to; the folder holding content/ if unset"
    ),
    "CONTENT_CACHE_DIR": Setting(_str, "where rendered content is cached between restarts"),
    "CONTENT_RELOAD_SECONDS": Setting(_int, "how often to look for changed content files; 0 = never"),
    "RATELIMIT_STORAGE_URL": Setting(_str, "memory:// (per worker) or redis://host:port"),
    "RATELIMIT_KEY_PREFIX": Setting(_str, "prefix of the rate-limit counters (several sites on one Redis)"),
    "SIGNIN_LIMIT_ACCOUNT": Setting(_str, "failed sign-ins allowed per account, e.g. '10 per 15 minutes'"),
    "SIGNIN_LIMIT_ADDRESS": Setting(_str, "failed sign-ins allowed per address, e.g. '50 per 15 minutes'"),
    "SESSION_IDLE_MINUTES": Setting(_int, "sign a person out after this much inactivity"),
    "MAX_CONTENT_LENGTH": Setting(_int, "largest request body accepted, in bytes"),
    "DEFAULT_LOCALE": Setting(_str, "interface language when nothing else decides"),
    "PROXY_COUNT": Setting(_int, "number of trusted reverse proxies in front of the app"),
    "SESSION_COOKIE_SECURE": Setting(_bool, "send cookies over HTTPS only"),
    "LOG_LEVEL": Setting(_str, "DEBUG, INFO, WARNING or ERROR"),
    "PASSWORD_RESET_HOURS": Setting(_int, "how long a one-time password link made by an administrator works"),
    "CERTIFICATE_ORGANISATION": Setting(
        _str, "issuing organisation on certificates, unless the cohort sets one"
    ),
    "CERTIFICATE_SIGNER": Setting(
        _str, "name of the person signing certificates, unless the cohort sets one"
    ),
    "CERTIFICATE_VALIDITY_MONTHS": Setting(
        _int, "months a certificate is valid unless the cohort says; 0 = no expiry"
    ),
    "CERTIFICATE_KEY_FILE": Setting(_str, "the Ed25519 key that signs Open Badges credentials; made once"),
    "VERIFY_LIMIT": Setting(_str, "certificate checks allowed per address, e.g. '30 per minute'"),
}


def defaults(instance_path: Path) -> dict[str, Any]:
    return {
        "ENV": "development",
        # Not a secret: None means "generate one in development, demand one in production" (B105).
        "SECRET_KEY": None,  # nosec B105
        "DATABASE_URL": f"sqlite:///{instance_path / 'learnlab.db'}",
        "CONTENT_DIR": str(PROJECT_ROOT / "content"),
        "QUIZ_DIR": str(PROJECT_ROOT / "quizzes"),
        "CONTENT_REPO": "",
        "CONTENT_CACHE_DIR": str(instance_path / "content-cache"),
        "CONTENT_RELOAD_SECONDS": 2,
        "RATELIMIT_STORAGE_URL": "memory://",
        "RATELIMIT_KEY_PREFIX": "learnlab",
        "SIGNIN_LIMIT_ACCOUNT": "10 per 15 minutes",
        "SIGNIN_LIMIT_ADDRESS": "50 per 15 minutes",
        "SESSION_IDLE_MINUTES": 120,
        "MAX_CONTENT_LENGTH": 12 * 1024 * 1024,
        "DEFAULT_LOCALE": "en",
        "PROXY_COUNT": 0,
        "SESSION_COOKIE_SECURE": False,
        "LOG_LEVEL": "INFO",
        "PASSWORD_RESET_HOURS": 72,
        "CERTIFICATE_ORGANISATION": "LearnLab",
        "CERTIFICATE_SIGNER": "",
        "CERTIFICATE_VALIDITY_MONTHS": 0,
        "VERIFY_LIMIT": "30 per minute",
        "CERTIFICATE_KEY_FILE": str(instance_path / "certificate-signing-key.pem"),
        "LANGUAGES": LANGUAGES,
    }


def from_environment(environ: Mapping[str, str]) -> dict[str, Any]:
    """Read ``LEARNLAB_*`` variables; unknown names and bad values raise ConfigError."""
    values: dict[str, Any] = {}
    for key, raw in environ.items():
        if not key.startswith(PREFIX) or key in IGNORED_VARIABLES:
            continue
        name = key[len(PREFIX) :]
        setting = SETTINGS.get(name)
        if setting is None:
            raise ConfigError(
                f"unknown setting {key}; known settings: " + ", ".join(PREFIX + n for n in SETTINGS)
            )
        try:
            values[name] = setting.parse(raw)
        except ValueError as exc:
            raise ConfigError(f"{key}={raw!r} is not valid: {exc}") from exc
    return values


# Variables that share the prefix but are read by the test suite or tooling, not the app.
IGNORED_VARIABLES = frozenset({"LEARNLAB_TEST_DATABASE_URL", "LEARNLAB_E2E_CHROMIUM"})


def dev_secret_key(instance_path: Path) -> str:
    """A secret generated once per checkout, so sessions survive restarts in development."""
    path = instance_path / "secret_key"
    if path.exists():
        return path.read_text().strip()
    instance_path.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(key)
    return key


def validate(config: dict[str, Any]) -> None:
    """Refuse unsafe or inconsistent settings, naming the setting."""
    env = config["ENV"]
    if env not in ENVIRONMENTS:
        raise ConfigError(f"{PREFIX}ENV must be one of {', '.join(ENVIRONMENTS)}, not {env!r}")
    if config["DEFAULT_LOCALE"] not in LANGUAGES:
        raise ConfigError(f"{PREFIX}DEFAULT_LOCALE must be one of {', '.join(LANGUAGES)}")
    if config["SESSION_IDLE_MINUTES"] <= 0:
        raise ConfigError(f"{PREFIX}SESSION_IDLE_MINUTES must be greater than 0")
    if config["LOG_LEVEL"] not in ("DEBUG", "INFO", "WARNING", "ERROR"):
        raise ConfigError(f"{PREFIX}LOG_LEVEL must be DEBUG, INFO, WARNING or ERROR")
    for name in ("SIGNIN_LIMIT_ACCOUNT", "SIGNIN_LIMIT_ADDRESS", "VERIFY_LIMIT"):
        try:
            parse_many(config[name])
        except ValueError as exc:
            raise ConfigError(
                f"{PREFIX}{name}={config[name]!r} is not a limit like '10 per 15 minutes'"
            ) from exc
    if not 1 <= config["PASSWORD_RESET_HOURS"] <= 24 * 14:
        raise ConfigError(f"{PREFIX}PASSWORD_RESET_HOURS must be between 1 and 336 (two weeks)")
    for name in (
        "CONTENT_RELOAD_SECONDS",
        "PROXY_COUNT",
        "MAX_CONTENT_LENGTH",
        "CERTIFICATE_VALIDITY_MONTHS",
    ):
        if config[name] < 0:
            raise ConfigError(f"{PREFIX}{name} must not be negative")
    if env == "production":
        key = config.get("SECRET_KEY") or ""
        if len(key) < 32:
            raise ConfigError(
                f"{PREFIX}SECRET_KEY must be set to at least 32 random characters in production"
            )
        if not config["SESSION_COOKIE_SECURE"]:
            raise ConfigError(
                f"{PREFIX}SESSION_COOKIE_SECURE must be true in production (serve over HTTPS "
                "behind the proxy)"
            )
        if config["DEBUG"]:
            raise ConfigError("debug mode must be off in production (unset FLASK_DEBUG)")


def load(app: Any, overrides: Mapping[str, Any] | None = None) -> None:
    """Fill ``app.config`` in order: defaults, instance/config.py, environment, overrides."""
    instance_path = Path(app.instance_path)
    app.config.update(defaults(instance_path))
    app.config.from_pyfile(str(instance_path / "config.py"), silent=True)
    app.config.update(from_environment(os.environ))
    if overrides:
        app.config.update(overrides)
    if not app.config["SECRET_KEY"] and app.config["ENV"] != "production":
        app.config["SECRET_KEY"] = dev_secret_key(instance_path)
    # Derived Flask settings, kept consistent with ours.
    app.config["TESTING"] = app.config["ENV"] == "testing"
    app.config["SESSION_COOKIE_HTTPONLY"] = True
    app.config["SESSION_COOKIE_SAMESITE"] = "Lax"
    app.config["SESSION_COOKIE_NAME"] = "learnlab_session"
    # The cookie is sent again only when the session changed (sign-in, a CSRF secret, the idle
    # clock, which moves at most once a minute): not re-signed on every response (issue 18).
    app.config["SESSION_REFRESH_EACH_REQUEST"] = False
    app.config["WTF_CSRF_TIME_LIMIT"] = None  # tokens live as long as the session (see security notes)
    app.config["BABEL_DEFAULT_LOCALE"] = "en"
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = str(
        Path(__file__).parent / "translations"
    )  # learnlab.i18n.TRANSLATIONS_DIR
    app.config["RATELIMIT_STORAGE_URI"] = app.config["RATELIMIT_STORAGE_URL"]
    # A moving window: failures age out one by one, there is no boundary at which all reset.
    app.config.setdefault("RATELIMIT_STRATEGY", "moving-window")
    validate(app.config)
