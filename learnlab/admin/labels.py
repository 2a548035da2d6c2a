"""Words shown in staff tables, translated once per request into a dict.

Tables look labels up per cell; calling gettext for every cell of a 100,000-row export would cost
more than everything else together, so each builder takes one of these dicts up front.
"""

from __future__ import annotations

from learnlab.i18n import gettext as _


def roles() -> dict[str, str]:
    return {"trainee": _("Trainee"), "trainer": _("Trainer"), "admin": _("Administrator")}


def yes_no() -> dict[bool, str]:
    return {True: _("yes"), False: _("no")}


def states() -> dict[str, str]:
    """A trainee's state in a module, as the dashboards show it."""
    return {
        "not_started": _("Not started"),
        "in_progress": _("In progress"),
        "completed": _("Completed"),
        "overdue": _("Overdue"),
    }


def kinds() -> dict[str, str]:
    """What a content file is."""
    return {
        "module": _("module"),
        "quiz": _("quiz"),
        "course": _("course page"),
        "case": _("case file"),
        "glossary": _("terminology"),
    }
