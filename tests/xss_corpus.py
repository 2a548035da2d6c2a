"""The XSS corpus (tests/data/xss/vectors.txt) and a content site that carries it everywhere.

The corpus holds one vector per block, blocks separated by a line containing only ``%%``. The
server-side tests (tests/security/test_xss_corpus.py) and the browser suite load the same file.

``write_site`` builds a site in which every vector sits in every place an author can write text:
for vector N, module ``xNNN`` (front matter, introduction, a section heading and body, a knowledge
check's prompt, options, feedback and explanation, a glossary line) and quiz ``xNNN`` (question
titles, prompts, options, feedback, explanations, matching pairs, ordering items, document fields,
accepted-answer feedback). Multi-line vectors go whole into block places (text, prompts,
explanations) and flattened to one line into one-line places (options, feedback, titles,
glossary). Vector 0 of the site is a benign control text, so a page can be compared with the
same page carrying a payload.
"""

from __future__ import annotations

import json
from pathlib import Path

CORPUS = Path(__file__).parent / "data" / "xss" / "vectors.txt"
SEPARATOR = "%%"
CONTROL = "Plain control text."


def load_vectors(path: Path = CORPUS) -> list[str]:
    """The vectors in file order, blank lines around each block removed, inner lines kept as is."""
    blocks: list[list[str]] = [[]]
    for line in path.read_text(encoding="utf-8").split("\n"):
        if line == SEPARATOR:
            blocks.append([])
        else:
            blocks[-1].append(line)
    return [text for block in blocks if (text := "\n".join(block).strip("\n"))]


def flatten(vector: str) -> str:
    """One line, for places that hold one line (an option, a feedback line, a title)."""
    return " ".join(line.strip() for line in vector.splitlines() if line.strip())


def slug(index: int) -> str:
    return f"x{index:03d}"


def module_text(index: int, vector: str) -> str:
    flat = flatten(vector)
    return f"""---
title: {json.dumps(flat)}
summary: {json.dumps(flat)}
order: {index}
estimated_minutes: 1
objectives: [{json.dumps(flat)}]
quiz: {slug(index)}
---

{vector}

## {flat} {{#text}}

{vector}

## Check {{#check}}

:::check {{#kc-x}}
type: multiple

{vector}

Choose.

- [x] {flat}
  > {flat}
- [ ] Plain option
  > {flat}

Explanation: As follows.

{vector}
:::

*[GLOSSTERM]: {flat}
"""


def quiz_text(index: int, vector: str) -> str:
    flat = flatten(vector)
    return f"""---
title: {json.dumps(flat)}
module: {slug(index)}
pass_mark: 0
attempts: unlimited
shuffle_questions: false
shuffle_options: false
show_answers: after_passing  # with pass_mark 0 every attempt passes: the review shows everything
---

## {flat} {{#q-choice}}

type: multiple

{vector}

Choose.

- [x] {flat}
  > {flat}
- [ ] Plain option
  > {flat}

Explanation: As follows.

{vector}

## Match them {{#q-match}}

type: matching

- {flat} -> Right one
- Left two -> {flat}

## Order them {{#q-order}}

type: ordering

1. {flat}
2. Plain step

## Find the flag {{#q-doc}}

type: document
document: {flat}

- [x] Field: {flat}
  > {flat}
- [ ] Other: plain

## Type it {{#q-short}}

type: short

- = accepted
  > {flat}
"""


def write_site(root: Path, vectors: list[str]) -> list[str]:
    """Write content/ and quizzes/ under ``root``; returns the module slugs, control first."""
    modules, quizzes = root / "content" / "modules", root / "quizzes"
    quizzes.mkdir(parents=True, exist_ok=True)
    slugs = []
    for index, vector in enumerate([CONTROL, *vectors]):
        folder = modules / slug(index)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "index.md").write_text(module_text(index, vector), encoding="utf-8")
        (quizzes / f"{slug(index)}.md").write_text(quiz_text(index, vector), encoding="utf-8")
        slugs.append(slug(index))
    write_course(root, CONTROL)
    return slugs


def write_course(root: Path, vector: str, stamp: int = 0) -> None:
    """The course page carrying ``vector``; ``stamp`` sets a distinct mtime so a reload sees it."""
    import os

    path = root / "content" / "course.md"
    path.write_text(f"---\ntitle: {json.dumps(flatten(vector))}\n---\n\n{vector}\n", encoding="utf-8")
    os.utime(path, ns=(10**18 + stamp, 10**18 + stamp))
