"""When a missing Chromium or axe-core skips the browser tests, and when it fails them."""

from __future__ import annotations

import pytest

from tests.e2e import browser


@pytest.fixture
def no_chromium(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.delenv("LEARNLAB_E2E_CHROMIUM", raising=False)
    monkeypatch.delenv("CI", raising=False)
    real_which = browser.shutil.which
    monkeypatch.setattr(
        browser.shutil, "which", lambda name: None if "chromium" in name else real_which(name)
    )
    return monkeypatch


def test_chromium_found_means_no_problem(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    binary = tmp_path / "chromium"
    binary.write_text("")
    monkeypatch.setenv("LEARNLAB_E2E_CHROMIUM", str(binary))
    assert browser.chromium_path() == str(binary)
    assert browser.missing_chromium() is None


def test_missing_chromium_fails_in_ci(no_chromium) -> None:  # type: ignore[no-untyped-def]
    no_chromium.setenv("CI", "1")
    reason, fatal = browser.missing_chromium()  # type: ignore[misc]
    assert fatal and "CI" in reason


def test_missing_chromium_fails_where_the_install_script_could_run(no_chromium) -> None:  # type: ignore[no-untyped-def]
    no_chromium.setattr(browser, "could_install_chromium", lambda: True)
    reason, fatal = browser.missing_chromium()  # type: ignore[misc]
    assert fatal and "install-browser.sh" in reason


def test_missing_chromium_skips_with_a_reason_only_where_nothing_could_install_it(no_chromium) -> None:  # type: ignore[no-untyped-def]
    no_chromium.setattr(browser, "could_install_chromium", lambda: False)
    reason, fatal = browser.missing_chromium()  # type: ignore[misc]
    assert not fatal and "cannot be installed here" in reason


def test_a_configured_chromium_that_is_not_there_counts_as_missing(no_chromium, tmp_path) -> None:  # type: ignore[no-untyped-def]
    no_chromium.setenv("LEARNLAB_E2E_CHROMIUM", str(tmp_path / "nothing"))
    no_chromium.setenv("CI", "true")
    assert browser.chromium_path() is None
    assert browser.missing_chromium()[1]  # type: ignore[index]


def test_missing_axe_fails_when_npm_could_install_it(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(browser, "AXE_PATH", tmp_path / "axe.min.js")
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setattr(browser.shutil, "which", lambda name: "/usr/bin/npm" if name == "npm" else None)
    assert browser.missing_axe()[1]  # type: ignore[index]
    monkeypatch.setattr(browser.shutil, "which", lambda name: None)
    reason, fatal = browser.missing_axe()  # type: ignore[misc]
    assert not fatal and "skipped" in reason
