"""pyproject.toml and the lock files agree, so what is installed is what was tested.

`make install`, `make install-test` (and so `make test` and CI) install only from
requirements.lock / requirements-test.lock, every package pinned with its hashes. After changing a
dependency in pyproject.toml, `make lock` writes both again; until then this test fails, naming
what differs.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]
OURS = "learnlab (pyproject.toml)"


def _project() -> dict:  # type: ignore[type-arg]
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


# What each lock is made from (Makefile, `make lock`): the runtime lock has the optional drivers
# (extras), the test lock the test extra and the dev group (linters, mypy).
RUNTIME_EXTRAS = ("postgresql", "redis")


def requirements(extra: str | None = None) -> list[Requirement]:
    """The dependencies, an extra's (``"test"``), or a dependency group's (``"group:dev"``)."""
    project = _project()
    if extra is None:
        raw = project["dependencies"]
    elif extra.startswith("group:"):
        raw = tomllib.loads((ROOT / "pyproject.toml").read_text())["dependency-groups"][extra[6:]]
    else:
        raw = project["optional-dependencies"][extra]
    return [Requirement(r) for r in raw]


def _is_ours(via: str) -> bool:
    """Pinned because pyproject.toml names it: as a dependency, or in a dependency group."""
    return via == OURS or (via.startswith("learnlab (pyproject.toml:") and via.endswith(")"))


def read_lock(name: str) -> tuple[dict[str, Version], set[str], list[str]]:
    """(pinned versions, packages pinned because pyproject names them, entries without a hash)."""
    pins: dict[str, Version] = {}
    direct: set[str] = set()
    unhashed: list[str] = []
    current = None
    has_hash = True
    for line in (ROOT / name).read_text().splitlines():
        if m := re.match(r"^([A-Za-z0-9._-]+)==([^ ;\\]+)", line):
            if current and not has_hash:
                unhashed.append(current)
            current, has_hash = canonicalize_name(m.group(1)), False
            pins[current] = Version(m.group(2))
        elif "--hash=sha256:" in line:
            has_hash = True
        elif current and _is_ours(line.strip().lstrip("#").strip().removeprefix("via ").strip()):
            direct.add(current)
    if current and not has_hash:
        unhashed.append(current)
    return pins, direct, unhashed


def _expected_direct(reqs: list[Requirement]) -> set[str]:
    return {canonicalize_name(r.name) for r in reqs}


@pytest.mark.parametrize(
    ("lock", "extras"),
    [("requirements.lock", RUNTIME_EXTRAS), ("requirements-test.lock", ("test", "group:dev"))],
)
def test_the_lock_pins_exactly_what_pyproject_asks_for(lock, extras):
    reqs = requirements() + [r for extra in extras for r in requirements(extra)]
    pins, direct, unhashed = read_lock(lock)
    missing = sorted(canonicalize_name(r.name) for r in reqs if canonicalize_name(r.name) not in pins)
    assert not missing, f"{lock} lacks {missing}: run `make lock`"
    outside = [
        f"{r.name}=={pins[canonicalize_name(r.name)]} is not {r.specifier}"
        for r in reqs
        if not r.specifier.contains(pins[canonicalize_name(r.name)], prereleases=True)
    ]
    assert not outside, f"{lock}: {outside}: run `make lock`"
    assert direct == _expected_direct(reqs), (
        f"{lock} was made for other dependencies (added: {sorted(_expected_direct(reqs) - direct)}, "
        f"removed: {sorted(direct - _expected_direct(reqs))}): run `make lock`"
    )
    for r in reqs:  # an extra such as psycopg[binary] brings its own package, pinned too
        if "binary" in r.extras:
            assert canonicalize_name(f"{r.name}-binary") in pins
    assert not unhashed, f"{lock}: no hash for {unhashed}"


def test_both_locks_pin_the_same_runtime_packages():
    runtime, _direct, _u = read_lock("requirements.lock")
    test, _direct, _u = read_lock("requirements-test.lock")
    # (The test lock is installed over the runtime lock, so it need not repeat the drivers.)
    differ = {name: (v, test[name]) for name, v in runtime.items() if name in test and test[name] != v}
    assert not differ, f"the test lock pins other runtime versions: {differ}: run `make lock`"


@pytest.mark.parametrize("extra", [None, *RUNTIME_EXTRAS, "test", "group:dev"])
def test_every_dependency_has_an_upper_bound_on_its_major_version(extra):
    unbounded = [
        str(r)
        for r in requirements(extra)
        if not any(s.operator in ("<", "<=", "~=", "==") for s in r.specifier)
    ]
    assert not unbounded, f"give these an upper bound (for example <next major): {unbounded}"


def test_the_makefile_installs_from_the_locks_and_make_lock_writes_them():
    makefile = (ROOT / "Makefile").read_text()
    assert "--require-hashes -r $(LOCK)" in makefile and "--require-hashes -r $(TEST_LOCK)" in makefile
    assert "--no-deps -e ." in makefile  # the project itself, without resolving anything again
    assert re.search(r"^lock:", makefile, re.M)
    for lock in ("requirements.lock", "requirements-test.lock"):
        assert "#    make lock" in (ROOT / lock).read_text().splitlines()[1]
