"""The starting text of a new module or quiz: valid for the checker, and showing the syntax."""

from __future__ import annotations

import json


def _yaml_text(value: str) -> str:
    """A title as a double-quoted YAML string (JSON's quoting is valid YAML): a colon can't break it."""
    return json.dumps(" ".join(value.split()), ensure_ascii=False)


def module_template(title: str, order: int) -> str:
    return f"""---
title: {_yaml_text(title)}
summary: "One or two sentences for the catalogue: what the trainee will be able to do."
order: {order}
objectives:
  - Name the first thing a trainee will be able to do.
prerequisites: []
tags: []
---

A short introduction: why this module matters to a customs officer.

## First section {{#first-section}}

*Objective: say in one sentence what the trainee can do after this section.*

Write the section here. Every `##` heading starts a new section; keep its `{{#id}}` once
trainees have started, so their progress stays attached to it.

:::check {{#kc-first}}
type: single

A question that checks the section was understood.

- [x] The correct answer
  > Why it is right.
- [ ] A plausible wrong answer
  > Why it is wrong.

Explanation: One sentence the trainee reads after answering.
:::
"""


def quiz_template(title: str, module: str) -> str:
    return f"""---
title: {_yaml_text(title)}
module: {module}
pass_mark: 70
attempts: 3
---

## The first question {{#q-first}}

type: single

- [x] The correct answer
  > Why it is right.
- [ ] A plausible wrong answer
  > Why it is wrong.

Explanation: One sentence the trainee reads after the attempt.
"""
