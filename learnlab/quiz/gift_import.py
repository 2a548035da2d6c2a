"""Read Moodle's GIFT format into LearnLab's Markdown quiz format.

Follows Moodle's own GIFT reader (question/format/gift/format.php) so that a file Moodle accepts
means the same here; what LearnLab cannot express is reported with the GIFT line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from fractions import Fraction

from learnlab.content.ids import is_valid_id, slugify
from learnlab.content.problems import Problem
from learnlab.quiz.block import parse_question_block
from learnlab.quiz.gift_text import (
    BLANK,
    FORMAT_RE,
    gift_numbers,
    gift_text,
    markdown_escape,
    protect,
    restore,
    split_heading_text,
)
from learnlab.quiz.model import AcceptedAnswer, MatchChoice, MatchItem, Option, OrderItem, Question, Quiz
from learnlab.quiz.values import collapse_spaces
from learnlab.quiz.write import question_to_markdown, quiz_to_markdown

_WEIGHT = re.compile(r"^%(-?\d{1,3}(?:\.\d*)?)%")
_DIRECTIVE = re.compile(r"^//\s*(tags|points)\s*:\s*(.*)$", re.IGNORECASE)
# Moodle's GIFT export (3.6 and later) writes a question's idnumber and tags in its comment, with
# "]" escaped as "\]"; its reader takes the first [id:...] and every [tag:...] from any comment line.
_MOODLE_ID = re.compile(r"\[id:((?:\\]|[^\]\x00-\x1f])+)\]")
_MOODLE_TAG = re.compile(r"\[tag:((?:\\]|[^\]\x00-\x1f])+)\]")
_TRUEFALSE = {"T": True, "TRUE": True, "F": False, "FALSE": False}
_CATEGORY_ROOTS = {"$course$", "$system$", "$module$", "$cat$", "top"}
_ORDERING_GRADING_OK = {"", "RELATIVE_NEXT_EXCLUDE_LAST", "REL", "RELATIVE"}


def import_gift(
    text: str, path: str, slug: str, module: str, title: str | None = None
) -> tuple[str, list[Problem]]:
    """Convert a GIFT file into our quiz format.

    Returns the Markdown text (front matter and every question that could be converted) and the
    problems: errors for questions left out, warnings for what was lost on the way, each with
    the line of the GIFT file.
    """
    reader = BankReader(path)
    for start, lines in _blocks(text):
        reader.block(start, lines)
    quiz = Quiz(
        slug=slug,
        path=path,
        lang="en",
        title=title or slug.replace("-", " ").capitalize(),
        module=module,
        questions=tuple(reader.questions),
    )
    return quiz_to_markdown(quiz), reader.problems


def _blocks(text: str) -> list[tuple[int, list[str]]]:
    """Questions are separated by blank lines; (first line number, lines) per block."""
    blocks: list[tuple[int, list[str]]] = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        if blocks and blocks[-1][0] + len(blocks[-1][1]) == n:
            blocks[-1][1].append(line)
        else:
            blocks.append((n, [line]))
    return blocks


@dataclass
class _Answer:
    offset: int
    marker: str  # "=", "~" or "" (text before the first marker)
    weight: Decimal | None
    text: str  # protected
    feedback: str  # protected


@dataclass
class BankReader:
    path: str
    questions: list[Question] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    category: str | None = None
    used: set[str] = field(default_factory=set)

    def block(self, start: int, raw_lines: list[str]) -> None:
        tags: list[str] = []
        points: str | None = None
        idnumber: str | None = None
        lines = []
        for raw in raw_lines:
            if raw.strip().startswith("//"):
                m = _DIRECTIVE.match(raw.strip())
                if m and m.group(1).lower() == "tags":
                    tags += [t.strip() for t in m.group(2).split(",") if t.strip()]
                elif m:
                    points = m.group(2).strip()
                found_id = _MOODLE_ID.search(raw)
                if found_id and idnumber is None:
                    idnumber = found_id.group(1).replace("\\]", "]").strip()
                tags += [t.replace("\\]", "]").strip() for t in _MOODLE_TAG.findall(raw) if t.strip()]
                raw = ""
            lines.append(raw)
        s = protect("\n".join(lines))
        if s.lstrip().startswith("$CATEGORY:"):
            first_end = s.find("\n", s.find("$CATEGORY:"))
            first_end = len(s) if first_end == -1 else first_end
            path = restore(s[s.find("$CATEGORY:") + len("$CATEGORY:") : first_end]).strip()
            parts = [p for p in path.split("/") if p.strip() and p.strip() not in _CATEGORY_ROOTS]
            self.category = slugify(parts[-1]) if parts else None
            s = " " * first_end + s[first_end:]
        if not s.strip():
            return
        q = _GiftQuestion(self, start, s, idnumber)
        question = q.read()
        start = q.line
        if question is None:
            return
        if self.category and self.category not in tags:
            tags.append(self.category)
        if points is not None:
            try:
                question = replace(question, points=Decimal(points))
            except InvalidOperation:
                self.warn(start, f"'// points: {points}' is not a number; the question is worth 1 point")
        question = replace(question, tags=tuple(dict.fromkeys(tags)))
        self.accept(question, start)

    def accept(self, question: Question, line: int) -> None:
        md = question_to_markdown(question, heading=False).split("\n")
        checked, problems = parse_question_block(md, 2, self.path, question.id, True, question.title)
        errors = [p.message for p in problems if p.is_error]
        if errors:
            self.error(line, "not converted: " + "; ".join(errors))
            return
        self.used.add(question.id)
        self.questions.append(replace(checked, line=0))

    def unique_id(self, name: str | None, title: str, line: int, idnumber: str | None = None) -> str:
        """Moodle's idnumber if there is one, else the question's name, else its title, made unique."""
        if idnumber:
            if is_valid_id(idnumber):
                name = idnumber
            elif slug := slugify(idnumber):
                name = slug if slug.startswith("q-") else f"q-{slug}"
                self.warn(line, f"the Moodle id '{idnumber}' is not a LearnLab id; it becomes '{name}'")
        if name and is_valid_id(name):
            base = name
        else:
            slug = slugify(name or title)
            if len(slug) > 40:
                slug = slug[:40].rsplit("-", 1)[0]
            base = slug if slug.startswith("q-") else f"q-{slug}".rstrip("-")
            base = "q-question" if base == "q" else base
        qid, n = base, 2
        while qid in self.used or any(q.id == qid for q in self.questions):
            qid, n = f"{base}-{n}", n + 1
        if name and is_valid_id(name) and qid != name:
            self.warn(line, f"the id '{name}' is already used; this question gets '{qid}'")
        return qid

    def error(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.path, line, message))

    def warn(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.path, line, message, "warning"))


class _GiftQuestion:
    """One GIFT question: ``::name:: [format] text { answers #### general feedback } more text``."""

    def __init__(self, reader: BankReader, start: int, s: str, idnumber: str | None = None) -> None:
        self.r, self.start, self.s, self.idnumber = reader, start, s, idnumber
        self.line = start + s[: len(s) - len(s.lstrip())].count("\n")

    def line_at(self, offset: int) -> int:
        return self.start + self.s.count("\n", 0, offset)

    def read(self) -> Question | None:
        s, pos = self.s, len(self.s) - len(self.s.lstrip())
        name = None
        if s.startswith("::", pos):
            end = s.find("::", pos + 2)
            if end == -1:
                pos += 2
            else:
                name, pos = restore(s[pos + 2 : end]).strip(), end + 2
        opening, closing = s.find("{", pos), s.find("}", pos)
        if opening == -1 and closing == -1:
            self.r.error(
                self.line, "a description (text without answers in braces) is not a question: not converted"
            )
            return None
        if opening == -1 or closing == -1 or closing < opening:
            self.r.error(
                self.line,
                "unbalanced braces: a question has one '{...}' answer part (write \\{ or \\} "
                "for a literal brace)",
            )
            return None
        before, after = s[pos:opening], s[closing + 1 :]
        qtext = before + (BLANK + after if after.strip() else "")
        fmt = "moodle"
        m = FORMAT_RE.match(qtext.strip())
        if m:
            fmt, qtext = m.group(1), qtext.strip()[m.end() :]
        answer_text = s[opening + 1 : closing]
        explanation = ""
        gf = answer_text.rfind("####")
        if gf != -1:
            explanation = gift_text(answer_text[gf + 4 :], fmt)
            answer_text = answer_text[:gf]
        offset = opening + 1
        title, prompt = split_heading_text(gift_text(qtext, fmt))
        if not title:
            self.r.error(self.line, "the question has no text: not converted")
            return None
        qid = self._id(name, title)
        base = Question(id=qid, type="single", title=title, prompt_md=prompt, explanation_md=explanation)
        a = answer_text.strip()
        offset += len(answer_text) - len(answer_text.lstrip())
        if not a:  # empty braces: an essay, marked by a trainer
            return replace(base, type="essay")
        if a.startswith(">"):
            return self._ordering(base, a, fmt)
        if a.startswith("#"):
            return self._numeric(base, a[1:], offset + 1, fmt)
        if "~" in a:
            return self._choice(base, a, offset, fmt)
        if "=" in a and "->" in a:
            return self._matching(base, a, offset, fmt)
        if a.split("#", 1)[0].strip() in _TRUEFALSE:
            return self._truefalse(base, a, fmt)
        return self._short(base, a, offset, fmt)

    def _id(self, name: str | None, title: str) -> str:
        return self.r.unique_id(name, title, self.line, self.idnumber)

    def _answers(self, a: str, offset: int, markers: str, feedback: bool = True) -> list[_Answer]:
        """Cut the answer part at each marker; offsets stay those of the block, for line numbers."""
        cuts = [k for k, c in enumerate(a) if c in markers]
        pieces = ([(0, "", a[: cuts[0]] if cuts else a)] if (not cuts or a[: cuts[0]].strip()) else []) + [
            (k, a[k], a[k + 1 : cuts[n + 1] if n + 1 < len(cuts) else len(a)]) for n, k in enumerate(cuts)
        ]
        answers = []
        for k, marker, body in pieces:
            body = body.strip()
            weight = None
            m = _WEIGHT.match(body)
            if m:
                weight, body = Decimal(m.group(1)), body[m.end() :]
            text, _sep, fb = body.partition("#") if feedback else (body, "", "")
            answers.append(_Answer(offset + k, marker, weight, text, fb))
        return answers

    def _choice(self, base: Question, a: str, offset: int, fmt: str) -> Question | None:
        answers = self._answers(a, offset, "~=")
        single = any(x.marker == "=" for x in answers)
        weights = [
            Decimal(100) if x.marker == "=" and x.weight is None else (x.weight or Decimal(0))
            for x in answers
        ]
        options = tuple(
            Option(
                f"o{n}", gift_text(x.text, fmt), w > 0 if not single else w == 100, gift_text(x.feedback, fmt)
            )
            for n, (x, w) in enumerate(zip(answers, weights, strict=True), 1)
        )
        if single:
            full = [x for x, w in zip(answers, weights, strict=True) if w == 100]
            if len(full) > 1:
                self.r.error(
                    self.line,
                    "several answers give full marks: LearnLab's single questions have one "
                    "correct option (for multiple response use ~%50% weights): not converted",
                )
                return None
            for x, w in zip(answers, weights, strict=True):
                if 0 < w < 100:
                    self.r.warn(self.line_at(x.offset), partial_credit_dropped(w))
            return replace(base, type="single", options=options)
        if message := weights_replaced(weights):
            self.r.warn(self.line, message)
        return replace(base, type="multiple", options=options)

    def _truefalse(self, base: Question, a: str, fmt: str) -> Question:
        key, _sep, rest = a.partition("#")
        wrong, _sep, right = rest.partition("#")
        is_true = _TRUEFALSE[key.strip()]
        true_fb, false_fb = (right, wrong) if is_true else (wrong, right)
        options = (
            Option("o1", "True", is_true, gift_text(true_fb, fmt)),
            Option("o2", "False", not is_true, gift_text(false_fb, fmt)),
        )
        return replace(base, type="truefalse", options=options)

    def _short(self, base: Question, a: str, offset: int, fmt: str) -> Question | None:
        accepted = []
        for x in self._answers(a, offset, "="):
            if x.weight is not None and x.weight != 100:
                self.r.warn(self.line_at(x.offset), answer_worth_dropped(restore(x.text).strip(), x.weight))
                continue
            accepted.append((restore(x.text).strip(), gift_text(x.feedback, fmt)))
        question = short_question(base, accepted)
        if question is None:
            self.r.error(self.line, "no answer gives full marks: not converted")
        return question

    def _numeric(self, base: Question, a: str, offset: int, fmt: str) -> Question | None:
        if "~" in a:
            self.r.warn(self.line_at(offset + a.index("~")), "feedback for other answers dropped")
            a = a[: a.index("~")]
        found = None
        for x in self._answers(a, offset, "="):
            value = restore(x.text).strip()
            if value == "*":
                self.r.warn(self.line_at(x.offset), "feedback for other answers ('*') dropped")
                continue
            if found is not None or (x.weight is not None and x.weight != 100):
                self.r.warn(
                    self.line_at(x.offset),
                    f"extra answer '{value}' dropped: LearnLab's numeric questions have one answer or range",
                )
                continue
            if x.feedback.strip():
                self.r.warn(
                    self.line_at(x.offset), "answer feedback dropped: explain in the general feedback (####)"
                )
            found = gift_numbers(value)
            if found is None:
                self.r.error(
                    self.line_at(x.offset),
                    f"'{value}' is not a number, 'answer:tolerance' or 'min..max': not converted",
                )
                return None
        if found is None:
            self.r.error(self.line, "no answer gives full marks: not converted")
            return None
        return replace(base, type="numeric", **found)

    def _matching(self, base: Question, a: str, offset: int, fmt: str) -> Question | None:
        choices: dict[str, MatchChoice] = {}
        pairs = []
        for x in self._answers(a, offset, "=", feedback=False):
            left, arrow, right = x.text.partition("->")
            if not arrow:
                self.r.error(
                    self.line_at(x.offset), "a matching answer is written '=left -> right': not converted"
                )
                return None
            left_md, right_md = gift_text(left, fmt), collapse_spaces(_plain_text(restore(right), fmt))
            choice = choices.setdefault(right_md, MatchChoice(f"r{len(choices) + 1}", right_md))
            if left_md:
                pairs.append(MatchItem(f"l{len(pairs) + 1}", left_md, choice.id))
        return replace(base, type="matching", pairs=tuple(pairs), choices=tuple(choices.values()))

    def _ordering(self, base: Question, a: str, fmt: str) -> Question:
        header, _sep, rest = a[1:].partition("\n")
        words = header.upper().split()
        if any(w in ("RANDOM", "CONTIGUOUS", "CONTIG") for w in words):
            self.r.warn(self.line, "LearnLab shows every item, not a selection")
        grading = next((w for w in words if w.startswith(("ABS", "REL", "ALL_OR", "LONGEST"))), "")
        if grading not in _ORDERING_GRADING_OK:
            self.r.warn(
                self.line,
                f"grading {grading} replaced by LearnLab's rule: a share for each item "
                "followed by its correct successor",
            )
        items = [_plain_text(restore(line).strip(), fmt) for line in rest.split("\n") if line.strip()]
        return replace(
            base, type="ordering", items=tuple(OrderItem(f"i{n}", t) for n, t in enumerate(items, 1))
        )


def short_question(base: Question, accepted: list[tuple[str, str]]) -> Question | None:
    """A short question from its full-marks answers, (text, feedback Markdown) each; an answer with
    Moodle's ``*`` wildcard (``\\*`` is a literal star) becomes part of the ``pattern``.
    None when there is no answer at all."""
    answers, patterns = [], []
    for text, feedback in accepted:
        if re.search(r"(?<!\\)\*", text):
            patterns.append(".*".join(re.escape(p.replace("\\*", "*")) for p in re.split(r"(?<!\\)\*", text)))
            continue
        answers.append(AcceptedAnswer(f"a{len(answers) + 1}", text.replace("\\*", "*"), feedback))
    if not answers and not patterns:
        return None
    pattern = (
        "|".join(f"(?:{p})" for p in patterns) if len(patterns) > 1 else (patterns[0] if patterns else None)
    )
    return replace(base, type="short", answers=tuple(answers), pattern=pattern)


def partial_credit_dropped(weight: Decimal) -> str:
    """The warning for a single-answer option worth part of the marks."""
    return (
        f"partial credit ({weight:f}%) dropped: LearnLab scores this option as a wrong answer, "
        "0 points (a single question has one correct option, worth all the points)"
    )


def answer_worth_dropped(text: str, weight: Decimal) -> str:
    """The warning for a short answer worth part of the marks (or none)."""
    return (
        f"the answer '{text}' worth {weight:f}% is left out: LearnLab accepts an answer fully or "
        "not at all, so typing it scores 0 points"
    )


def weights_replaced(weights: list[Decimal]) -> str | None:
    """The warning when a multiple-response question's weights differ from LearnLab's own rule,
    saying what LearnLab scores instead; None when they are the same."""
    correct = sum(1 for w in weights if w > 0)
    if not correct:
        return None
    share = Fraction(100, correct)
    if all(abs(Fraction(w) - (share if w > 0 else -share)) <= Fraction(1, 100) for w in weights):
        return None
    shown = f"{float(share):.5g}%"
    given = ", ".join(f"{w:f}%" for w in weights)
    return (
        f"answer weights ({given}) replaced by LearnLab's rule: each of the {correct} correct options "
        f"earns {shown} of the points and each wrong option ticked takes {shown} away (never below 0)"
    )


def _plain_text(text: str, fmt: str) -> str:
    """Matching answers and ordering items: Moodle shows them as plain text whatever the format."""
    return text if fmt == "markdown" else markdown_escape(text, html=False)
