"""Export a quiz as Moodle XML (Moodle's "Moodle XML format" for the question bank).

The tree is built with ElementTree; for serialisation it is copied node by node into a minidom
document, which can write ``<text>`` contents as CDATA (ElementTree cannot). Nothing is parsed,
so no untrusted XML is ever read here.

Texts are exported with ``format="markdown"`` (Moodle renders Markdown itself). Decisions:
``document`` becomes ``multichoice`` with ``<single>false</single>`` (warning); ``ordering``
uses the Ordering question type with ``RELATIVE_NEXT_EXCLUDE_LAST``, our rule; a short
question's ``pattern`` is dropped (warning), and a short question with only a pattern skipped.
"""

from __future__ import annotations

import re

# Both only build and write a document; nothing is ever parsed with them (bandit B405, B408).
import xml.etree.ElementTree as ET  # nosec B405
from fractions import Fraction

# See above: writing only.
from xml.dom import minidom  # nosec B408

from learnlab.quiz.model import Question, Quiz
from learnlab.quiz.write import matching_lines

MARKDOWN = "markdown"
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # not allowed in XML 1.0


def export_moodle_xml(quiz: Quiz) -> tuple[str, list[str]]:
    """The quiz as a Moodle XML document, and a warning for everything Moodle could not carry."""
    warnings: list[str] = []
    root = ET.Element("quiz")
    category = ET.SubElement(root, "question", type="category")
    _text(ET.SubElement(category, "category"), f"$course$/top/{quiz.title}")
    _text(ET.SubElement(category, "info", format=MARKDOWN), "")
    for q in quiz.questions:
        element = _question(q, warnings)
        if element is not None:
            root.append(element)
    return _serialise(root), warnings


def _question(q: Question, warnings: list[str]) -> ET.Element | None:
    def warn(message: str) -> None:
        warnings.append(f"{q.id}: {message}")

    qtype = {
        "single": "multichoice",
        "multiple": "multichoice",
        "document": "multichoice",
        "truefalse": "truefalse",
        "short": "shortanswer",
        "numeric": "numerical",
        "matching": "matching",
        "ordering": "ordering",
        "essay": "essay",
    }[q.type]
    if q.type == "short" and not q.answers:
        warn("skipped: Moodle short answers have no patterns, and this question has no other accepted answer")
        return None
    el = ET.Element("question", type=qtype)
    _text(ET.SubElement(el, "name"), q.id)
    prompt = q.prompt_md
    if q.type == "document":
        warn("a document question is exported as a multiple-choice question with several answers")
        if q.document_title:
            prompt = f"**{q.document_title}**" + (f"\n\n{prompt}" if prompt else "")
    text = q.title + (f"\n\n{prompt}" if prompt else "")
    _text(ET.SubElement(el, "questiontext", format=MARKDOWN), text)
    _text(ET.SubElement(el, "generalfeedback", format=MARKDOWN), q.explanation_md)
    _value(el, "defaultgrade", f"{q.points:f}")
    _value(el, "penalty", "0")
    _value(el, "hidden", "0")
    _value(el, "idnumber", q.id)
    _BODIES[q.type](el, q, warn)
    if q.tags:
        tags = ET.SubElement(el, "tags")
        for tag in q.tags:
            _text(ET.SubElement(tags, "tag"), tag)
    return el


def _choice(el: ET.Element, q: Question, warn) -> None:
    single = q.type == "single"
    _value(el, "single", "true" if single else "false")
    _value(el, "shuffleanswers", "true" if q.shuffle else "false")
    _value(el, "answernumbering", "abc")
    share = Fraction(100, max(1, len(q.correct_option_ids)))
    for o in q.options:
        fraction = (100 if o.is_correct else 0) if single else (share if o.is_correct else -share)
        text = f"{o.label}: {o.text_md}" if q.type == "document" else o.text_md
        _answer(el, _fraction(fraction), text, o.feedback_md)


def _truefalse(el: ET.Element, q: Question, warn) -> None:
    for option, word in zip(q.options, ("true", "false"), strict=False):
        _answer(
            el,
            "100" if option.is_correct else "0",
            word,
            option.feedback_md,
            text_format="moodle_auto_format",
        )


def _short(el: ET.Element, q: Question, warn) -> None:
    if q.pattern:
        warn(f"Moodle short answers have no patterns; 'pattern: {q.pattern}' is left out")
    _value(el, "usecase", "0")
    for a in q.answers:
        _answer(el, "100", a.text.replace("*", "\\*"), a.feedback_md, text_format="moodle_auto_format")


def _numeric(el: ET.Element, q: Question, warn) -> None:
    if q.answer is not None:
        answer, tolerance = q.answer, q.tolerance
    else:
        answer, tolerance = (q.min_value + q.max_value) / 2, (q.max_value - q.min_value) / 2  # type: ignore[operator]
    element = _answer(el, "100", f"{answer:f}", "", text_format="moodle_auto_format")
    _value(element, "tolerance", f"{tolerance:f}")
    if q.unit:
        unit = ET.SubElement(ET.SubElement(el, "units"), "unit")
        _value(unit, "multiplier", "1")
        _value(unit, "unit_name", q.unit)
    _value(el, "unitgradingtype", "0")  # the unit is shown, not graded
    _value(el, "unitpenalty", "0")
    # Moodle's showunits: 0 shows the unit beside the answer box, 3 means "units not used" (which
    # would hide USD, g, km); without a unit there is nothing to show.
    _value(el, "showunits", "0" if q.unit else "3")
    _value(el, "unitsleft", "0")


def _matching(el: ET.Element, q: Question, warn) -> None:
    _value(el, "shuffleanswers", "true")
    for left, right in matching_lines(q):
        sub = ET.SubElement(el, "subquestion", format=MARKDOWN)
        _text(sub, left.text_md if left else "")
        _text(ET.SubElement(sub, "answer"), right.text_md)


def _ordering(el: ET.Element, q: Question, warn) -> None:
    warn("exported as Moodle's Ordering question type (qtype_ordering), which Moodle needs to import it")
    for name, value in (
        ("layouttype", "VERTICAL"),
        ("selecttype", "ALL"),
        ("selectcount", str(len(q.items))),
        ("gradingtype", "RELATIVE_NEXT_EXCLUDE_LAST"),
        ("showgrading", "SHOW"),
    ):
        _value(el, name, value)
    for position, item in enumerate(q.items, 1):
        _answer(el, str(position), item.text_md, "")


def _essay(el: ET.Element, q: Question, warn) -> None:
    """Moodle's essay: a plain-text answer; the rubric and model answer are its information for
    graders (shown to those who mark, never to the student)."""
    _value(el, "responseformat", "plain")
    _value(el, "responserequired", "1")
    _value(el, "responsefieldlines", "15")
    _value(el, "attachments", "0")
    _value(el, "attachmentsrequired", "0")
    _text(ET.SubElement(el, "graderinfo", format=MARKDOWN), grader_info(q))
    _text(ET.SubElement(el, "responsetemplate", format=MARKDOWN), "")


def grader_info(q: Question) -> str:
    """An essay's rubric and model answer as one text for graders (Moodle's "Information for graders")."""
    parts = []
    if q.rubric_md:
        parts.append(f"Rubric:\n\n{q.rubric_md}")
    if q.model_answer_md:
        parts.append(f"Model answer:\n\n{q.model_answer_md}")
    return "\n\n".join(parts)


_BODIES = {
    "single": _choice,
    "multiple": _choice,
    "document": _choice,
    "truefalse": _truefalse,
    "short": _short,
    "numeric": _numeric,
    "matching": _matching,
    "ordering": _ordering,
    "essay": _essay,
}


def _answer(
    parent: ET.Element, fraction: str, text: str, feedback: str, text_format: str = MARKDOWN
) -> ET.Element:
    answer = ET.SubElement(parent, "answer", fraction=fraction, format=text_format)
    _text(answer, text)
    _text(ET.SubElement(answer, "feedback", format=MARKDOWN), feedback)
    return answer


def _text(parent: ET.Element, text: str) -> None:
    ET.SubElement(parent, "text").text = _XML_INVALID.sub("", text)


def _value(parent: ET.Element, name: str, value: str) -> None:
    ET.SubElement(parent, name).text = value


def _fraction(value: Fraction | int) -> str:
    return f"{float(value):.5f}".rstrip("0").rstrip(".") if isinstance(value, Fraction) else str(value)


def _serialise(root: ET.Element) -> str:
    doc = minidom.getDOMImplementation().createDocument(None, root.tag, None)
    _copy(doc, root, doc.documentElement)
    return doc.toprettyxml(indent="  ", encoding="UTF-8").decode("utf-8")


def _copy(doc: minidom.Document, source: ET.Element, target: minidom.Element) -> None:
    for name, value in source.attrib.items():
        target.setAttribute(name, value)
    if source.text:
        # A CDATA section cannot contain "]]>"; such (rare) text is written escaped instead.
        use_cdata = source.tag == "text" and "]]>" not in source.text
        target.appendChild(
            doc.createCDATASection(source.text) if use_cdata else doc.createTextNode(source.text)
        )
    for child in source:
        element = doc.createElement(child.tag)
        target.appendChild(element)
        _copy(doc, child, element)
