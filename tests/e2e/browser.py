"""Which Chromium and axe-core to use, and whether their absence skips or fails the suite.

Playwright never downloads a browser here: it drives Debian's Chromium, installed by
``scripts/install-browser.sh`` (which ``make test`` runs). A missing browser skips the browser
tests only where nothing could have installed it; in CI (``CI`` set), or on a machine where the
install script could have run (root with apt-get), it fails them, so they never vanish silently.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from learnlab.config import PROJECT_ROOT

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE_PATH = PROJECT_ROOT / "node_modules" / "axe-core" / "axe.min.js"
INSTALL_HINT = "run scripts/install-browser.sh (make test runs it)"


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def could_install_chromium() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get") is not None


def chromium_path() -> str | None:
    """LEARNLAB_E2E_CHROMIUM when set, else the first Chromium on PATH."""
    if configured := os.environ.get("LEARNLAB_E2E_CHROMIUM"):
        return configured if Path(configured).is_file() else None
    return shutil.which("chromium") or shutil.which("chromium-browser")


def missing_chromium() -> tuple[str, bool] | None:
    """None when Chromium is there; else (reason, whether that must fail rather than skip)."""
    if chromium_path():
        return None
    if in_ci():
        return f"Chromium is not installed, and CI must run the browser tests: {INSTALL_HINT}", True
    if could_install_chromium():
        return f"Chromium is not installed but could be on this machine: {INSTALL_HINT}", True
    return (
        "browser tests skipped: Chromium is not installed and cannot be installed here "
        "(needs root and apt-get; or set LEARNLAB_E2E_CHROMIUM to a Chromium binary)"
    ), False


def missing_axe() -> tuple[str, bool] | None:
    """None when axe-core is installed; else (reason, whether that must fail rather than skip)."""
    if AXE_PATH.is_file():
        return None
    if in_ci() or shutil.which("npm"):
        return f"axe-core is missing at {AXE_PATH}: {INSTALL_HINT}", True
    return "accessibility checks skipped: axe-core is not installed and npm is not available", False
