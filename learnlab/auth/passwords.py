"""Password hashing (scrypt) and the password rules."""

from __future__ import annotations

from functools import cache
from importlib import resources

from werkzeug.security import check_password_hash, generate_password_hash

from learnlab.i18n import gettext as _

# Werkzeug's scrypt with these parameters; a stored hash made with others is re-hashed on sign-in.
HASH_METHOD = "scrypt:32768:8:1"
MIN_LENGTH = 12
MAX_LENGTH = 256  # long enough for pass phrases, short enough that hashing stays cheap

# The method in use: HASH_METHOD, unless the test suite chose a cheap one (use_hash_method).
_method = HASH_METHOD


def hash_method() -> str:
    return _method


def use_hash_method(method: str) -> None:
    """For the test suite only (tests/conftest.py): each scrypt check costs about 0.25 s of CPU,
    and the suite signs in thousands of times. Nothing in the app calls this; production hashes
    with HASH_METHOD, which a test proves in a fresh interpreter."""
    global _method
    _method = method


@cache
def _dummy_hash(method: str) -> str:
    """A hash to check against when the username is unknown, so that both cases cost the same time."""
    return generate_password_hash("not-a-real-password-at-all", method=method)


_dummy_hash(HASH_METHOD)  # made now, so that the first unknown username costs what the others do


# Accounts made by an administrator have no password until the person sets one with a one-time
# link; their stored "hash" starts with this and matches nothing.
UNUSABLE_PREFIX = "!"


def hash_password(password: str) -> str:
    return generate_password_hash(password, method=_method)


def unusable_password() -> str:
    return UNUSABLE_PREFIX + "no-password-set"


def has_usable_password(stored_hash: str | None) -> bool:
    return bool(stored_hash) and not str(stored_hash).startswith(UNUSABLE_PREFIX)


def verify_password(stored_hash: str | None, password: str) -> bool:
    """Constant work whether or not the account exists or has a password yet."""
    usable = has_usable_password(stored_hash)
    checked = stored_hash if stored_hash and usable else _dummy_hash(_method)
    return check_password_hash(checked, password) and usable


def needs_rehash(stored_hash: str) -> bool:
    return not stored_hash.startswith(_method + "$")


@cache
def common_passwords() -> frozenset[str]:
    text = resources.files("learnlab").joinpath("data/common-passwords.txt").read_text(encoding="utf-8")
    return frozenset(
        line.strip().casefold() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


def password_problem(password: str, *, username: str | None = None) -> str | None:
    """Why ``password`` is not acceptable, or None. Length and known-weak lists only (NIST 800-63B)."""
    if len(password) < MIN_LENGTH:
        return _("Use at least %(n)d characters.", n=MIN_LENGTH)
    if len(password) > MAX_LENGTH:
        return _("Use at most %(n)d characters.", n=MAX_LENGTH)
    folded = password.casefold()
    if folded in common_passwords():
        return _(
            "This password is too common. Choose a less predictable one, such as a phrase of several words."
        )
    if username and username.casefold() in folded:
        return _("The password must not contain your username.")
    return None
