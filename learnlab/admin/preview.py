"""Preview of a module or quiz through exactly the pipeline trainees get, with the checker's findings.

The text is written to a temporary file and read by the same functions the catalogue uses
(``learnlab.content.module.parse_module`` or ``learnlab.quiz.present.load_quiz``, both rendering
through ``learnlab.content.render``), then the catalogue-wide checks run on a copy of the current
catalogue with the previewed file in its place. Nothing is saved: the temporary folder is removed
and the render cache is a fresh one in memory.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from learnlab import content
from learnlab.content.cache import Renderer, content_hash
from learnlab.content.checks import check_catalog
from learnlab.content.module import parse_module
from learnlab.content.problems import Problem
from learnlab.quiz.present import load_quiz


@dataclass(frozen=True)
class Preview:
    kind: str  # "module" or "quiz"
    path: str
    item: Any  # a Module or a QuizView
    problems: list[Problem]

    @property
    def errors(self) -> int:
        return sum(p.is_error for p in self.problems)


# The name findings carry for text pasted into the preview: "<pasted>:3", never a real file's
# path (a trainer would open that file and look for a mistake that is not there).
PASTED = "<pasted>"


def preview(text: str, kind: str, slug: str, lang: str, path: str | None) -> Preview:
    """Render ``text`` as the file at ``path`` would be, or as pasted text when ``path`` is None."""
    state = content.state()
    catalog = content.catalog()
    data = text.replace("\r\n", "\n").encode("utf-8")
    version = content_hash(data)
    slug = slug or "preview"
    rel = path or PASTED
    with tempfile.TemporaryDirectory(prefix="learnlab-preview-") as folder:
        file = Path(folder) / "preview.md"
        file.write_bytes(data)
        renderer = Renderer(None)
        if kind == "quiz":
            item: Any = load_quiz(file, rel, slug, lang, version, renderer)
        else:
            item = parse_module(file, rel, slug, lang, renderer, version)
    copy = replace(state, modules=dict(state.modules), quizzes=dict(state.quizzes), problems=[])
    target = copy.quizzes if kind == "quiz" else copy.modules
    target[slug] = {**target.get(slug, {}), lang: item}
    found = list(item.problems) + [p for p in check_catalog(copy, catalog) if p.path == rel]
    return Preview(kind, rel, item, sorted(set(found)))
