"""Moodle XML export: the output parses and has Moodle's structure for every type."""

from __future__ import annotations

import dataclasses
import xml.etree.ElementTree as ET

import pytest

from learnlab.quiz.model import Option, Question
from learnlab.quiz.moodle_xml import export_moodle_xml


def parse(xml: str) -> ET.Element:
    return ET.fromstring(xml.encode("utf-8"))  # noqa: S314 - our own output, in a test


@pytest.fixture
def exported(all_types):
    xml, warnings = export_moodle_xml(all_types)
    return xml, parse(xml), warnings


def by_name(root: ET.Element) -> dict[str, ET.Element]:
    return {q.findtext("name/text"): q for q in root.findall("question") if q.get("type") != "category"}


def answers(q: ET.Element) -> list[tuple[str, str, str]]:
    return [
        (a.get("fraction"), a.findtext("text"), a.findtext("feedback/text") or "")
        for a in q.findall("answer")
    ]


def test_document_and_category(exported, all_types):
    xml, root, _warnings = exported
    assert xml.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    assert root.tag == "quiz"
    category = root.find("question")
    assert category.get("type") == "category"
    assert category.findtext("category/text") == "$course$/top/Seals and documents: quiz"
    assert list(by_name(root)) == [q.id for q in all_types.questions]


def test_texts_are_cdata(exported):
    xml, _root, _warnings = exported
    assert "<text><![CDATA[Which of these is the strongest indicator?\n\nA 40-foot container" in xml
    assert '<questiontext format="markdown">' in xml


def test_common_fields(exported):
    _xml, root, _warnings = exported
    q = by_name(root)["q-strongest"]
    assert q.get("type") == "multichoice"
    assert q.findtext("idnumber") == "q-strongest"
    assert q.findtext("defaultgrade") == "2"
    assert q.findtext("generalfeedback/text").startswith("Look for what breaks")
    assert [t.findtext("text") for t in q.findall("tags/tag")] == ["seals", "indicators"]
    assert by_name(root)["q-declared-value"].findtext("defaultgrade") == "1.5"


def test_single_and_multiple(exported):
    _xml, root, _warnings = exported
    single = by_name(root)["q-strongest"]
    assert single.findtext("single") == "true"
    assert answers(single) == [
        ("0", "The vessel calls at three ports.", "Common on this route; on its own it says little."),
        (
            "100",
            "The freight was paid in cash by a third party.",
            single.find("answer[2]/feedback/text").text,
        ),
        ("0", "The goods are declared as used.", "Used goods are common in this trade."),
    ]
    multiple = by_name(root)["q-seal-signs"]
    assert multiple.findtext("single") == "false"
    # weights that give exactly our partial credit: +1/3 per correct, -1/3 per wrong option
    assert [a[0] for a in answers(multiple)] == ["33.33333", "-33.33333", "33.33333", "-33.33333", "33.33333"]


def test_truefalse(exported):
    _xml, root, _warnings = exported
    q = by_name(root)["q-bolt-seal"]
    assert q.get("type") == "truefalse"
    assert [(f, t) for f, t, _fb in answers(q)] == [("100", "true"), ("0", "false")]
    assert answers(q)[0][2].startswith("Right: it resists")


def test_shortanswer(exported):
    _xml, root, warnings = exported
    q = by_name(root)["q-dry-port"]
    assert q.get("type") == "shortanswer" and q.findtext("usecase") == "0"
    assert answers(q) == [("100", "Khorgos", "Right: Khorgos Gateway."), ("100", "Khorgos Gateway", "")]
    assert any(w.startswith("q-dry-port:") and "pattern" in w for w in warnings)


def test_numerical(exported):
    _xml, root, _warnings = exported
    q = by_name(root)["q-declared-value"]
    assert q.get("type") == "numerical"
    assert q.findtext("answer/text") == "12500.50" and q.findtext("answer/tolerance") == "0.5"
    assert q.findtext("units/unit/unit_name") == "USD" and q.findtext("units/unit/multiplier") == "1"
    assert q.findtext("unitgradingtype") == "0"
    # 0: Moodle shows the unit (3 would mean "units not used" and hide USD)
    assert q.findtext("showunits") == "0"
    # a range becomes its middle with half its width as tolerance
    r = by_name(root)["q-weight-range"]
    assert (r.findtext("answer/text"), r.findtext("answer/tolerance")) == ("20.25", "2.25")


def test_matching(exported):
    _xml, root, _warnings = exported
    q = by_name(root)["q-documents"]
    assert q.get("type") == "matching" and q.findtext("shuffleanswers") == "true"
    subs = [(s.findtext("text") or "", s.findtext("answer/text")) for s in q.findall("subquestion")]
    assert subs == [
        ("Bill of lading", "Sea freight"),
        ("Sea waybill", "Sea freight"),
        ("Air waybill", "Air cargo"),
        ("", "Pipeline"),  # a distractor: a subquestion without text
        ("CMR consignment note", "Road freight"),
    ]


def test_ordering(exported):
    _xml, root, warnings = exported
    q = by_name(root)["q-cycle"]
    assert q.get("type") == "ordering"
    assert q.findtext("gradingtype") == "RELATIVE_NEXT_EXCLUDE_LAST"
    assert (q.findtext("selecttype"), q.findtext("selectcount"), q.findtext("layouttype")) == (
        "ALL",
        "5",
        "VERTICAL",
    )
    assert [(f, t) for f, t, _fb in answers(q)] == [
        ("1", "Direction"),
        ("2", "Collection"),
        ("3", "Evaluation and\ncollation"),
        ("4", "Analysis"),
        ("5", "Dissemination"),
    ]
    assert any(w.startswith("q-cycle:") for w in warnings)


def test_document_becomes_multichoice_with_a_warning(exported):
    _xml, root, warnings = exported
    q = by_name(root)["q-bl-flags"]
    assert q.get("type") == "multichoice" and q.findtext("single") == "false"
    assert q.findtext("questiontext/text").startswith(
        "Find the red flags in this bill of lading\n\n**Bill of lading HLCU"
    )
    assert [(f, t) for f, t, _fb in answers(q)][:2] == [
        ("-50", "Shipper: Golden Crescent Trading FZE, Jebel Ali, UAE"),
        ("50", "Consignee: To order"),
    ]
    assert any(w.startswith("q-bl-flags:") and "document" in w for w in warnings)


def test_awkward_text_stays_well_formed(all_types):
    nasty = "Ends a CDATA ]]> section, has <script>alert(1)</script> & a \x07 bell"
    q = Question("q-nasty", "single", nasty, options=(Option("o1", "]]>", True), Option("o2", "<b>")))
    quiz = dataclasses.replace(all_types, questions=(q,))
    xml, _warnings = export_moodle_xml(quiz)
    root = parse(xml)
    assert by_name(root)["q-nasty"].findtext("questiontext/text") == nasty.replace("\x07", "")
    assert [t for _f, t, _fb in answers(by_name(root)["q-nasty"])] == ["]]>", "<b>"]
    # text that cannot be CDATA is written escaped instead
    assert (
        "<text>Ends a CDATA ]]&gt; section, has &lt;script&gt;alert(1)&lt;/script&gt; &amp; a  bell</text>"
        in xml
    )


def test_short_question_with_only_a_pattern_is_skipped(all_types):
    q = Question("q-pattern", "short", "Name it", pattern="ab+c")
    xml, warnings = export_moodle_xml(dataclasses.replace(all_types, questions=(q,)))
    assert "q-pattern" not in by_name(parse(xml))
    assert warnings and "skipped" in warnings[0]
