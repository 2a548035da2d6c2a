"""The one rule for module content: may this person open this module?

A module is locked until the modules it builds on are completed (learnlab.progress.rules).
Staff may open every module (to read what trainees read). Every route that shows a module's
content, or answers for it, asks here: the section pages, the print page, the knowledge checks
(HTML and JSON), marking a section done, the module's media, and starting its quiz.
"""

from __future__ import annotations

from flask import abort
from flask_login import current_user

from learnlab import content
from learnlab.content.module import Module
from learnlab.db import db
from learnlab.progress import service as progress
from learnlab.progress.rules import ModuleStatus


def may_open(module: Module, status: ModuleStatus | None = None) -> bool:
    """``module`` is the source module (the lock is the same in every language). A page that has
    read the trainee's statuses already passes this module's ``status`` (one query, not two)."""
    if current_user.is_staff:
        return True
    if status is None:
        # A prerequisite whose file does not load (and has no good version) locks nothing.
        unavailable = content.state().unavailable_slugs()
        status = progress.statuses(db.session, current_user.id, [module], unavailable)[module.slug]
    return not status.is_locked


def require_open(module: Module | None) -> None:
    """Refuse (403) unless the person may open ``module``; ``None`` (no such module) passes."""
    if module is not None and not may_open(module):
        abort(403)
