"""A content site that carries the XSS corpus through every authored-text path, for the browser.

The corpus (``tests/data/xss/vectors.txt``, read by ``tests.xss_corpus``, which also builds the
server-side tests' site of one module per vector) is split here into parts of ``PER_PART``
vectors, so that the browser opens a few dozen pages rather than a thousand. Part N is module
``xss-N`` and quiz ``xss-N``. For vector ``i`` the module has, in its one section: a text block
(with a glossary term), a knowledge check (prompt, two options, their feedback, explanation), a
footnote, a glossary entry and an objective; the quiz has a choice question (title, prompt,
options, feedback, explanation), a matching, an ordering, a document and a short-answer question.
Each place starts with a plain marker (``xv007-text`` ...), so the test can tell that the place
was rendered at all.

Each vector sits in rendering units of its own (a text block between two checks is rendered on
its own; a plain check after each footnote closes its block), so an unclosed tag in one vector
cannot swallow the next one, nor its footnote, which Markdown puts at the end of the block. A
plain paragraph ("Choose.") ends every prompt, so that a vector that is itself a list is not read
as the answer options. Parts keep one broken vector from hiding the whole corpus (a module with an
error is hidden from trainees); the test requires every part to load.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.xss_corpus import flatten

PER_PART = 25
CHECK_PLACES = ("prompt", "opt", "fb", "expl")
QUIZ_PLACES = ("title", "qprompt", "qopt", "qfb", "qexpl", "pair", "item", "field", "ans")


def marker(index: int, place: str) -> str:
    return f"xv{index:03d}-{place}"


def _module(part: int, items: list[tuple[int, str]]) -> str:
    objectives = ", ".join(json.dumps(f"{marker(i, 'objective')} {flatten(v)}") for i, v in items)
    blocks = []
    for i, v in items:
        flat = flatten(v)
        blocks.append(f"""{marker(i, "text")} GL{i:03d} and more text.

{v}

:::check {{#kc-{i:03d}}}
type: multiple

{marker(i, "prompt")}

{v}

Choose.

- [x] {marker(i, "opt")} {flat}
  > {marker(i, "fb")} {flat}
- [ ] Plain option {i}
  > {marker(i, "fb")} {flat}

Explanation: {marker(i, "expl")}

{v}
:::

A claim.[^f{i}]

[^f{i}]: {marker(i, "footnote")} {flat}

:::check {{#sep-{i:03d}}}
type: truefalse

A plain check that ends the footnote's block.

- [x] True
- [ ] False
:::
""")
    glossary = "\n".join(f"*[GL{i:03d}]: {marker(i, 'glossary')} {flatten(v)}" for i, v in items)
    return f"""---
title: "XSS corpus, part {part}"
summary: "Vectors {items[0][0]} to {items[-1][0]}."
order: {part}
estimated_minutes: 1
objectives: [{objectives}]
prerequisites: []
quiz: xss-{part}
---

Every vector of this part, in every place an author can write.

## Vectors {{#vectors}}

{chr(10).join(blocks)}

{glossary}
"""


def _quiz(part: int, items: list[tuple[int, str]]) -> str:
    questions = []
    for i, v in items:
        flat = flatten(v)
        questions.append(f"""## {marker(i, "title")} {flat} {{#q-{i:03d}-choice}}

type: multiple

{marker(i, "qprompt")}

{v}

Choose.

- [x] {marker(i, "qopt")} {flat}
  > {marker(i, "qfb")} {flat}
- [ ] Plain option {i}
  > {marker(i, "qfb")} {flat}

Explanation: {marker(i, "qexpl")}

{v}

## Match vector {i} {{#q-{i:03d}-match}}

type: matching

- {marker(i, "pair")} {flat} -> Right one
- Left two -> {flat}

## Order vector {i} {{#q-{i:03d}-order}}

type: ordering

1. {marker(i, "item")} {flat}
2. Plain step

## Flag vector {i} {{#q-{i:03d}-doc}}

type: document
document: {flat}

- [x] Field: {marker(i, "field")} {flat}
  > {flat}
- [ ] Other: plain

## Type vector {i} {{#q-{i:03d}-short}}

type: short

- = accepted
  > {marker(i, "ans")} {flat}
""")
    return f"""---
title: "XSS corpus quiz, part {part}"
module: xss-{part}
pass_mark: 0
attempts: unlimited
shuffle_questions: false
shuffle_options: false
show_answers: after_passing  # with pass_mark 0 every attempt passes: the review shows everything
---

{chr(10).join(questions)}"""


def write_site(root: Path, vectors: list[str]) -> list[str]:
    """Write ``root/content`` and ``root/quizzes``; return the parts' slugs."""
    modules, quizzes = root / "content" / "modules", root / "quizzes"
    quizzes.mkdir(parents=True, exist_ok=True)
    numbered = list(enumerate(vectors, start=1))
    slugs = []
    for part, start in enumerate(range(0, len(numbered), PER_PART), start=1):
        items = numbered[start : start + PER_PART]
        (modules / f"xss-{part}").mkdir(parents=True, exist_ok=True)
        (modules / f"xss-{part}" / "index.md").write_text(_module(part, items), encoding="utf-8")
        (quizzes / f"xss-{part}.md").write_text(_quiz(part, items), encoding="utf-8")
        slugs.append(f"xss-{part}")
    course = "\n\n".join(f"{marker(i, 'course')}\n\n{v}" for i, v in numbered)
    (root / "content" / "course.md").write_text(
        f'---\ntitle: "XSS corpus"\n---\n\n{course}\n', encoding="utf-8"
    )
    return slugs
