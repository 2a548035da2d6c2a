"""Password rules (length and the common list, no composition rules) and re-hashing on sign-in."""

from __future__ import annotations

import subprocess  # nosec B404 - a fresh interpreter, to see the app's own hash method
import sys
from pathlib import Path

import pytest
from sqlalchemy import select
from werkzeug.security import generate_password_hash

from learnlab.auth import passwords
from learnlab.auth.models import User
from learnlab.auth.passwords import HASH_METHOD, common_passwords, password_problem, verify_password
from learnlab.db import db
from tests.helpers import PASSWORD


def test_the_common_list_is_substantial_and_only_holds_passwords_that_pass_the_length_rule():
    listed = common_passwords()
    assert len(listed) >= 3000
    assert all(len(p) >= 12 and p == p.casefold() for p in listed)


@pytest.mark.parametrize(
    "password",
    [
        "password1234",
        "PassWord1234",
        "qwertyuiop123",
        "1qaz2wsx3edc",
        "123456789012",
        "iloveyou2024",
        "customs12345",
        "Kazakhstan2024!",
        "learnlab-trainee",
        "йцукенгшщзхъ",
        "correcthorsebatterystaple",
        "p@ssw0rd1234",
        "aaaaaaaaaaaa",
    ],
)
def test_common_passwords_are_refused(password):
    assert "too common" in (password_problem(password) or "")


@pytest.mark.parametrize(
    "password", ["a much longer pass phrase", "seal numbers never lie", "ОХРАНА ГРАНИЦЫ ВОЛНА 7"]
)
def test_long_uncommon_passwords_need_no_digits_capitals_or_symbols(password):
    assert password_problem(password) is None


def test_length_limits_and_username():
    assert "at least 12" in password_problem("short pass1")
    assert "at most 256" in password_problem("x" * 257)
    assert "username" in password_problem("aigerim-is-signing-in", username="Aigerim")


@pytest.mark.parametrize("old_method", ["scrypt:16384:8:1", "pbkdf2:sha256:600000"])
def test_a_hash_made_with_other_parameters_is_replaced_on_sign_in(production_hash, app, auth, old_method):
    old = generate_password_hash(PASSWORD, method=old_method)
    auth.create("aigerim", password_hash=old)
    assert auth.login("aigerim", "wrong-password-here").status_code == 200
    with app.app_context():
        assert db.session.execute(select(User.password_hash)).scalar_one() == old  # a failure changes nothing
    assert auth.login("aigerim").status_code == 302
    with app.app_context():
        new = db.session.execute(select(User.password_hash)).scalar_one()
    assert new != old and new.startswith(HASH_METHOD + "$")
    assert verify_password(new, PASSWORD)


def test_a_current_hash_is_left_alone(app, auth, password_hash):
    auth.create("aigerim")
    auth.login("aigerim")
    with app.app_context():
        assert db.session.execute(select(User.password_hash)).scalar_one() == password_hash


def test_the_app_hashes_with_scrypt_when_the_test_suite_does_not_step_in():
    """The suite hashes with one round of PBKDF2 (tests/conftest.py); the app, imported afresh
    without it, uses scrypt with the production parameters, and nothing in it changes that."""
    assert HASH_METHOD == "scrypt:32768:8:1"
    code = "from learnlab.auth.passwords import hash_password; print(hash_password('x' * 12))"
    root = Path(__file__).resolve().parents[2]
    made = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True)
    assert made.stdout.startswith("scrypt:32768:8:1$"), made.stdout
    callers = [
        str(path.relative_to(root))
        for path in (root / "learnlab").rglob("*.py")
        if "use_hash_method(" in path.read_text(encoding="utf-8") and path.name != "passwords.py"
    ]
    assert not callers, callers


def test_the_test_suite_hashes_cheaply_and_the_fixture_restores_scrypt(production_hash):
    assert passwords.hash_password("x" * 12).startswith("scrypt:32768:8:1$")
    assert not passwords.needs_rehash(passwords.hash_password("x" * 12))
