"""Read a Moodle XML question bank (Moodle's "Moodle XML format") into LearnLab's quiz format.

Follows the elements Moodle's own exporter writes (question/format/xml/format.php): each
``<question type="...">`` with its ``<name>``, ``<questiontext format="...">``,
``<generalfeedback>``, ``<defaultgrade>``, ``<idnumber>``, ``<tags>`` and answers. Categories
become tags, as in the GIFT import, and everything the platform cannot express is reported with
the line of its ``<question>`` element, in the same words as the GIFT import
(learnlab.quiz.gift_import, whose question collector and rules this module shares).

The file is untrusted. It is parsed with the standard library only after checking that it
declares no DOCTYPE: without a DTD there are no entities to expand (no "billion laughs", no
external files), and Moodle's own export never writes one.
"""

from __future__ import annotations

import re

# Parsing is safe here: a document with a DOCTYPE (the only place entities can be declared) is
# refused before it reaches the parser (bandit B405, B314).
import xml.etree.ElementTree as ET  # nosec B405
from dataclasses import replace
from decimal import Decimal, InvalidOperation

from learnlab.content.ids import slugify
from learnlab.content.problems import Problem
from learnlab.quiz.gift_import import (
    BankReader,
    answer_worth_dropped,
    partial_credit_dropped,
    short_question,
    weights_replaced,
)
from learnlab.quiz.gift_text import gift_numbers, split_heading_text, text_to_markdown
from learnlab.quiz.model import MatchChoice, MatchItem, Option, OrderItem, Question, Quiz
from learnlab.quiz.values import collapse_spaces
from learnlab.quiz.write import quiz_to_markdown

# Moodle's text formats, as the names the GIFT reader uses for them.
FORMATS = {"html": "html", "moodle_auto_format": "moodle", "plain_text": "plain", "markdown": "markdown"}
_CATEGORY_ROOTS = {"$course$", "$system$", "$module$", "$cat$", "top"}
_ORDERING_GRADING_OK = {"", "RELATIVE_NEXT_EXCLUDE_LAST"}
_NOT_CONVERTED = {
    "description": "a description (text without answers) is not a question: not converted",
    "multianswer": "an embedded answers (Cloze) question is not converted: LearnLab has no such type",
    "calculated": "a calculated question is not converted: LearnLab has no such type",
    "calculatedsimple": "a calculated question is not converted: LearnLab has no such type",
    "calculatedmulti": "a calculated question is not converted: LearnLab has no such type",
    "randomsamatch": "a random short-answer matching question is not converted: LearnLab has no such type",
    "ddwtos": "a drag-and-drop into text question is not converted: LearnLab has no such type",
    "gapselect": "a select missing words question is not converted: LearnLab has no such type",
    "ddimageortext": "a drag-and-drop onto image question is not converted: LearnLab has no such type",
    "ddmarker": "a drag-and-drop markers question is not converted: LearnLab has no such type",
    "random": "a random question is not converted: add the questions themselves",
}


class MoodleXmlError(ValueError):
    """The file cannot be read at all (not XML, a DOCTYPE, not a Moodle question file)."""


def import_moodle_xml(
    text: str, path: str, slug: str, module: str, title: str | None = None
) -> tuple[str, list[Problem]]:
    """Convert a Moodle XML file into our quiz format: (Markdown text, problems), like the GIFT
    import. Raises :class:`MoodleXmlError` when the file is not a readable Moodle XML file."""
    root = _parse(text)
    reader = BankReader(path)
    elements = root.findall("question")
    lines = _question_lines(text)
    for n, element in enumerate(elements):
        _XmlQuestion(reader, lines[n] if n < len(lines) else 1, element).read()
    quiz = Quiz(
        slug=slug,
        path=path,
        lang="en",
        title=title or slug.replace("-", " ").capitalize(),
        module=module,
        questions=tuple(reader.questions),
    )
    return quiz_to_markdown(quiz), reader.problems


def looks_like_moodle_xml(text: str) -> bool:
    """Whether a file's text is XML (to choose the importer when the name does not say)."""
    return _prolog_end(text.lstrip("\ufeff")).startswith("<")


def _parse(text: str) -> ET.Element:
    rest = _prolog_end(text.lstrip("\ufeff"))
    if rest[:9].upper() == "<!DOCTYPE":
        raise MoodleXmlError(
            "the file declares a DOCTYPE: refused (Moodle's export has none, and no DTD or entity is read)"
        )
    try:
        # No DOCTYPE (checked above), so no entity can be declared, let alone expanded.
        root = ET.fromstring(text.lstrip("\ufeff"))  # noqa: S314  # nosec B314
    except ET.ParseError as exc:
        raise MoodleXmlError(f"not well-formed XML: {exc}") from exc
    if root.tag != "quiz":
        raise MoodleXmlError(f"the root element is <{root.tag}>, not <quiz>: not a Moodle XML question file")
    return root


def _prolog_end(text: str) -> str:
    """The text after the XML declaration, processing instructions and comments at its start."""
    rest = text.lstrip()
    while rest.startswith(("<?", "<!--")):
        end = rest.find("?>" if rest.startswith("<?") else "-->")
        if end == -1:
            return rest
        rest = rest[end + (2 if rest.startswith("<?") else 3) :].lstrip()
    return rest


def _question_lines(text: str) -> list[int]:
    """The line of each ``<question`` element, in order (CDATA and comments masked first)."""
    masked = re.sub(
        r"<!\[CDATA\[.*?\]\]>|<!--.*?-->", lambda m: re.sub(r"[^\n]", " ", m.group()), text, flags=re.S
    )
    return [masked.count("\n", 0, m.start()) + 1 for m in re.finditer(r"<question\b", masked)]


def _text(element: ET.Element | None) -> str:
    """The ``<text>`` child of an element ('' when absent)."""
    if element is None:
        return ""
    found = element.find("text")
    return (found.text or "") if found is not None else (element.text or "").strip()


def _markdown(element: ET.Element | None, default_format: str = "html") -> str:
    """A Moodle formatted text (``<x format="html"><text>...``) as Markdown."""
    if element is None:
        return ""
    fmt = FORMATS.get(element.get("format", default_format), "html")
    return text_to_markdown(_text(element).strip(), fmt)


def _fraction(answer: ET.Element) -> Decimal:
    try:
        return Decimal(answer.get("fraction", "0"))
    except InvalidOperation:
        return Decimal(0)


class _XmlQuestion:
    def __init__(self, reader: BankReader, line: int, element: ET.Element) -> None:
        self.r, self.line, self.el = reader, line, element
        self.qtype = element.get("type", "")

    def read(self) -> None:
        if self.qtype == "category":
            parts = [p for p in _text(self.el.find("category")).split("/") if p.strip()]
            parts = [p for p in parts if p.strip() not in _CATEGORY_ROOTS]
            self.r.category = slugify(parts[-1]) if parts else None
            return
        if self.qtype in _NOT_CONVERTED:
            self.r.error(self.line, _NOT_CONVERTED[self.qtype])
            return
        reader = _TYPES.get(self.qtype)
        if reader is None:
            self.r.error(
                self.line, f"a Moodle '{self.qtype}' question is not converted: LearnLab has no such type"
            )
            return
        base = self._base()
        if base is None:
            return
        question = reader(self, base)
        if question is not None:
            self.r.accept(question, self.line)

    def _base(self) -> Question | None:
        text = _markdown(self.el.find("questiontext"))
        if "@@PLUGINFILE@@" in text:
            self.r.warn(
                self.line, "files embedded in the question (pictures) are not imported: add them by hand"
            )
        title, prompt = split_heading_text(text)
        name = collapse_spaces(_text(self.el.find("name")))
        if not title:
            self.r.error(self.line, "the question has no text: not converted")
            return None
        idnumber = (self.el.findtext("idnumber") or "").strip() or None
        qid = self.r.unique_id(name, title, self.line, idnumber)
        tags = [collapse_spaces(_text(t)) for t in self.el.findall("tags/tag")]
        if self.r.category:
            tags.append(self.r.category)
        base = Question(
            id=qid,
            type="single",
            title=title,
            prompt_md=prompt,
            explanation_md=_markdown(self.el.find("generalfeedback")),
            tags=tuple(dict.fromkeys(t for t in tags if t)),
        )
        grade = (self.el.findtext("defaultgrade") or "1").strip()
        try:
            points = Decimal(grade)
        except InvalidOperation:
            points = Decimal(1)
        if points <= 0:
            self.r.warn(self.line, f"a question worth {grade} points is worth 1 point here")
            points = Decimal(1)
        return replace(base, points=points.normalize() if points != 1 else Decimal(1))

    def _answers(self) -> list[tuple[Decimal, str, str]]:
        """(fraction in %, text as Markdown, feedback as Markdown) of each ``<answer>``."""
        return [
            (_fraction(a), _markdown(a, "moodle_auto_format"), _markdown(a.find("feedback")))
            for a in self.el.findall("answer")
        ]

    def choice(self, base: Question) -> Question | None:
        answers = self._answers()
        single = (self.el.findtext("single") or "true").strip().lower() in ("true", "1")
        if single:
            full = [a for a in answers if a[0] == 100]
            if len(full) != 1:
                self.r.error(
                    self.line,
                    "several answers give full marks: LearnLab's single questions have one correct option: "
                    "not converted"
                    if full
                    else "no answer gives full marks: not converted",
                )
                return None
            for fraction, _text_md, _feedback in answers:
                if 0 < fraction < 100:
                    self.r.warn(self.line, partial_credit_dropped(fraction))
            options = [Option(f"o{n}", t, f == 100, fb) for n, (f, t, fb) in enumerate(answers, 1)]
            return replace(base, type="single", options=tuple(options))
        if message := weights_replaced([a[0] for a in answers]):
            self.r.warn(self.line, message)
        options = [Option(f"o{n}", t, f > 0, fb) for n, (f, t, fb) in enumerate(answers, 1)]
        return replace(base, type="multiple", options=tuple(options))

    def truefalse(self, base: Question) -> Question | None:
        by_word = {}
        for answer in self.el.findall("answer"):
            word = _text(answer).strip().lower()
            by_word[word] = (_fraction(answer) == 100, _markdown(answer.find("feedback")))
        if set(by_word) != {"true", "false"} or by_word["true"][0] == by_word["false"][0]:
            self.r.error(
                self.line, "a true/false question needs one 'true' and one 'false' answer: not converted"
            )
            return None
        options = (
            Option("o1", "True", by_word["true"][0], by_word["true"][1]),
            Option("o2", "False", by_word["false"][0], by_word["false"][1]),
        )
        return replace(base, type="truefalse", options=options)

    def short(self, base: Question) -> Question | None:
        if (self.el.findtext("usecase") or "0").strip() == "1":
            self.r.warn(self.line, "case-sensitive answers are compared ignoring case here")
        accepted = []
        for answer in self.el.findall("answer"):
            text, fraction = _text(answer).strip(), _fraction(answer)
            if fraction != 100:
                self.r.warn(self.line, answer_worth_dropped(text, fraction))
                continue
            accepted.append((text, _markdown(answer.find("feedback"))))
        question = short_question(base, accepted)
        if question is None:
            self.r.error(self.line, "no answer gives full marks: not converted")
        return question

    def numeric(self, base: Question) -> Question | None:
        found = None
        for answer in self.el.findall("answer"):
            value, fraction = _text(answer).strip(), _fraction(answer)
            if value == "*":
                self.r.warn(self.line, "feedback for other answers ('*') dropped")
                continue
            if found is not None or fraction != 100:
                self.r.warn(
                    self.line,
                    f"extra answer '{value}' ({fraction:f}%) dropped: LearnLab's numeric questions have one "
                    "answer or range, and any other number scores 0 points",
                )
                continue
            if _text(answer.find("feedback")).strip():
                self.r.warn(self.line, "answer feedback dropped: explain in the general feedback")
            tolerance = (answer.findtext("tolerance") or "0").strip()
            found = gift_numbers(f"{value}:{tolerance}")
            if found is None:
                self.r.error(self.line, f"'{value}' (tolerance {tolerance}) is not a number: not converted")
                return None
        if found is None:
            self.r.error(self.line, "no answer gives full marks: not converted")
            return None
        unit = ""
        units = self.el.findall("units/unit")
        for u in units:
            name = collapse_spaces(u.findtext("unit_name") or "")
            if not unit and (u.findtext("multiplier") or "1").strip() in ("1", "1.0", "1.00"):
                unit = name
            else:
                self.r.warn(self.line, f"unit '{name}' dropped: LearnLab's numeric questions have one unit")
        return replace(base, type="numeric", unit=unit, **found)

    def matching(self, base: Question) -> Question | None:
        choices: dict[str, MatchChoice] = {}
        pairs = []
        for sub in self.el.findall("subquestion"):
            # Moodle shows the answers (right) as plain text; the subquestions are formatted text.
            right = collapse_spaces(text_to_markdown(_text(sub.find("answer")).strip(), "plain"))
            if not right:
                continue
            choice = choices.setdefault(right, MatchChoice(f"r{len(choices) + 1}", right))
            left = _markdown(sub)
            if left:
                pairs.append(MatchItem(f"l{len(pairs) + 1}", left, choice.id))
        return replace(base, type="matching", pairs=tuple(pairs), choices=tuple(choices.values()))

    def essay(self, base: Question) -> Question | None:
        """Moodle's "information for graders" becomes the rubric (trainers only), split into the
        rubric and the model answer where it is laid out as LearnLab's export writes it."""
        info = _markdown(self.el.find("graderinfo")).strip()
        rubric, _, model = info.partition("Model answer:")
        rubric = rubric.strip().removeprefix("Rubric:").strip()
        if (self.el.findtext("attachments") or "0").strip() not in ("0", ""):
            self.r.warn(self.line, "attachments are not accepted here: the answer is text only")
        if not rubric:
            self.r.warn(
                self.line, "the essay has no information for graders: add its rubric and model answer"
            )
        return replace(base, type="essay", rubric_md=rubric, model_answer_md=model.strip())

    def ordering(self, base: Question) -> Question | None:
        if (self.el.findtext("selecttype") or "ALL").strip().upper() not in ("ALL", "0"):
            self.r.warn(self.line, "LearnLab shows every item, not a selection")
        grading = (self.el.findtext("gradingtype") or "").strip().upper()
        if grading not in _ORDERING_GRADING_OK:
            self.r.warn(
                self.line,
                f"grading {grading} replaced by LearnLab's rule: a share for each item "
                "followed by its correct successor",
            )
        answers = sorted(enumerate(self.el.findall("answer")), key=lambda a: (_fraction(a[1]), a[0]))
        items = [_markdown(a, "moodle_auto_format") for _n, a in answers]
        return replace(
            base, type="ordering", items=tuple(OrderItem(f"i{n}", t) for n, t in enumerate(items, 1) if t)
        )


_TYPES = {
    "essay": _XmlQuestion.essay,
    "multichoice": _XmlQuestion.choice,
    "truefalse": _XmlQuestion.truefalse,
    "shortanswer": _XmlQuestion.short,
    "numerical": _XmlQuestion.numeric,
    "match": _XmlQuestion.matching,
    "matching": _XmlQuestion.matching,
    "ordering": _XmlQuestion.ordering,
}
