from pathlib import Path

from learnlab.content.cache import Renderer, content_hash
from learnlab.content.module import parse_module
from tests.helpers import SITE

ALPHA = SITE / "content" / "modules" / "alpha" / "index.md"


def parse(path: Path, slug: str = "alpha", renderer: Renderer | None = None):
    return parse_module(
        path, f"{slug}/index.md", slug, "en", renderer or Renderer(None), content_hash(path.read_bytes())
    )


def test_module_fields_sections_and_glossary():
    module = parse(ALPHA)
    assert module.problems == []
    assert module.title == "Alpha basics"
    assert module.estimated_minutes == 10
    assert module.section_ids == ["seals", "numbers", "summary"]
    assert [s.line for s in module.sections] == [15, 39, 49]
    assert [(e.term, e.meaning) for e in module.glossary] == [("PCU", "Port Control Unit")]
    assert '<abbr title="Port Control Unit">PCU</abbr>' in str(module.sections[0].blocks[0].html)
    assert module.version == content_hash(ALPHA.read_bytes())


def test_section_blocks_place_the_knowledge_check_and_render_extensions():
    module = parse(ALPHA)
    seals = module.section("seals")
    assert seals.check_ids == ("kc-seal",)
    kinds = ["check" if b.check_id else "html" for b in seals.blocks]
    assert kinds == ["html", "check", "html"]
    html = str(seals.blocks[0].html)
    assert 'class="admonition warning"' in html
    assert 'src="/modules/alpha/media/seal.svg"' in html
    assert 'href="/modules/alpha/numbers"' in html  # #numbers is a section of this module
    numbers = str(module.section("numbers").blocks[0].html)
    assert '<details class="case">' in numbers and '<details class="answer">' in numbers


def test_knowledge_check_is_parsed_with_the_quiz_syntax():
    check = parse(ALPHA).checks["kc-seal"]
    assert check.type == "single"
    assert [o.is_correct for o in check.options] == [False, True]
    assert "Which comes first?" in check.prompt_html
    assert "Right: compare first." in check.options[1].feedback_html
    assert "Always compare" in check.explanation_html


def test_rendering_is_cached_on_disk_by_content_hash(tmp_path):
    cold = Renderer(tmp_path)
    parse(ALPHA, renderer=cold)
    assert cold.renders > 0
    assert list(tmp_path.glob("*.json"))
    warm = Renderer(tmp_path)
    module = parse(ALPHA, renderer=warm)
    assert warm.renders == 0  # everything came from the cache files
    assert module.section("seals").check_ids == ("kc-seal",)


def test_neighbours():
    module = parse(ALPHA)
    assert module.neighbours("seals") == (None, module.section("numbers"))
    assert module.neighbours("summary") == (module.section("numbers"), None)
