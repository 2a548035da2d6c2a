"""Trainee pages do not import the staff package: staff code builds on trainee code, not back.

(The cohort tables, learnlab/admin/models.py, are part of the schema every page may read.)
"""

from __future__ import annotations

import json
import subprocess  # nosec B404 - a fresh interpreter, so that no other test's imports count
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ALLOWED = {"learnlab.admin", "learnlab.admin.models"}


@pytest.mark.parametrize(
    "module", ["learnlab.learn.views", "learnlab.progress.due", "learnlab.progress.service"]
)
def test_trainee_code_imports_nothing_of_the_staff_package_but_its_tables(module):
    code = f"import json, sys, {module}; print(json.dumps(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    staff = {name for name in json.loads(done.stdout) if name.startswith("learnlab.admin")}
    assert staff <= ALLOWED, sorted(staff - ALLOWED)
