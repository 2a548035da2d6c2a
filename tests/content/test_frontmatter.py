from learnlab.content import frontmatter as fm


def test_splits_header_and_body_with_line_numbers():
    text = "---\ntitle: Seals\norder: 3\n---\nBody line\n"
    header = fm.split_front_matter(text, "x.md")
    assert header.data == {"title": "Seals", "order": 3}
    assert header.key_lines == {"title": 2, "order": 3}
    assert header.body == "Body line\n"
    assert header.body_line == 5
    assert header.problems == []


def test_missing_opening_fence_is_reported_on_line_1():
    header = fm.split_front_matter("title: x\n", "m.md")
    assert [str(p) for p in header.problems] == [
        "m.md:1: error: the file must start with a '---' line opening the front matter"
    ]


def test_unclosed_front_matter():
    header = fm.split_front_matter("---\ntitle: x\n", "m.md")
    assert header.problems[0].line == 1
    assert "never closed" in header.problems[0].message


def test_yaml_error_names_the_line_in_the_file():
    text = "---\ntitle: ok\nobjectives: [a, b\norder: 1\n---\n"
    header = fm.split_front_matter(text, "m.md")
    assert len(header.problems) == 1
    # The YAML parser notices the unclosed list on the next line of the file.
    assert header.problems[0].line in (3, 4)
    assert "not valid YAML" in header.problems[0].message


def test_header_that_is_not_a_mapping():
    header = fm.split_front_matter("---\n- a\n- b\n---\n", "m.md")
    assert "key: value" in header.problems[0].message


def test_check_fields_reports_type_errors_at_the_key_line_and_unknown_keys():
    text = "---\ntitle: T\norder: first\nestimated_minute: 5\n---\n"
    header = fm.split_front_matter(text, "m.md")
    spec = {
        "title": fm.Field(fm.text, required=True),
        "order": fm.Field(fm.whole_number, required=True),
        "summary": fm.Field(fm.text, required=True, default=""),
    }
    clean = fm.check_fields(header, spec, "m.md")
    messages = {(p.line, p.severity, p.message) for p in header.problems}
    assert (3, "error", "'order' must be a whole number") in messages
    assert (1, "error", "front matter is missing the required field 'summary'") in messages
    assert (4, "warning", "unknown front matter field 'estimated_minute'") in messages
    assert clean["title"] == "T"
    assert clean["summary"] == ""


def test_checkers_reject_wrong_types():
    import pytest

    for check, bad in [
        (fm.positive_int, 0),
        (fm.positive_int, True),
        (fm.text, "  "),
        (fm.text_list, [1]),
        (fm.boolean, "yes"),
        (fm.one_of("a", "b"), "c"),
    ]:
        with pytest.raises(ValueError):
            check(bad)
    assert fm.text_list("one") == ["one"]


def test_yaml_error_comes_first_without_missing_field_errors_after_it(tmp_path):
    """One unquoted colon: the checker names its line, not five 'missing required field' lines."""
    from learnlab.content.cache import Renderer, content_hash
    from learnlab.content.module import parse_module
    from tests.helpers import SITE

    text = (SITE / "content/modules/alpha/index.md").read_text(encoding="utf-8")
    broken = text.replace("summary: The first test module.", "summary: Note: a colon breaks this.")
    path = tmp_path / "index.md"
    path.write_text(broken, encoding="utf-8")
    module = parse_module(path, "m/index.md", "alpha", "en", Renderer(None), content_hash(path.read_bytes()))
    errors = sorted(p for p in module.problems if p.is_error)
    assert errors[0].line == 3 and "front matter is not valid YAML" in errors[0].message
    assert not [p for p in module.problems if "missing the required field" in p.message]


def test_fields_still_required_when_the_header_reads():
    header = fm.split_front_matter("---\ntitle: T\n---\nbody\n", "f.md")
    fm.check_fields(header, {"summary": fm.Field(fm.text, required=True)}, "f.md")
    assert "f.md:1: error: front matter is missing the required field 'summary'" in map(str, header.problems)
