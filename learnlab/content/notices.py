"""What staff are told about content files that do not load (template globals).

Trainees are shown the last good version of a broken file (learnlab.content.lastgood); staff see
why, with file and line: on the module or quiz page, and in a banner on every staff page.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask
from flask_login import current_user

from learnlab.content.lastgood import Fallback
from learnlab.content.problems import Problem


@dataclass(frozen=True)
class BrokenFile:
    fallback: Fallback
    errors: list[Problem]


def broken_files(kind: str | None = None, slug: str | None = None) -> list[BrokenFile]:
    """Staff only: the files that do not load now (of one module or quiz, or all), with errors."""
    if not (current_user.is_authenticated and current_user.is_staff):
        return []
    from learnlab import content  # late: the package imports this module

    state = content.state()
    found = (
        state.fallbacks_for(kind, slug)
        if kind and slug
        else sorted(state.fallbacks.values(), key=lambda f: f.path)
    )
    return [BrokenFile(f, [p for p in state.problems_for(f.path) if p.is_error]) for f in found]


def init_app(app: Flask) -> None:
    app.add_template_global(broken_files)
