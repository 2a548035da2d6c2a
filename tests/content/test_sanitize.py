import pytest

from learnlab.content.render import LinkContext, render_markdown
from learnlab.content.sanitize import is_allowed_url, removed_by_sanitizer, sanitize


@pytest.mark.parametrize(
    "dirty",
    [
        "<script>alert(1)</script>",
        "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
        "<img src=x onerror=alert(1)>",
        "<p onclick='alert(1)'>x</p>",
        "<a href='javascript:alert(1)'>x</a>",
        "<a href='JaVaScRiPt:alert(1)'>x</a>",
        "<a href='jav&#x09;ascript:alert(1)'>x</a>",
        "<a href='&#106;avascript:alert(1)'>x</a>",
        "<a href=' javascript:alert(1)'>x</a>",
        "<a href='vbscript:msgbox(1)'>x</a>",
        "<a href='data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=='>x</a>",
        "<svg onload=alert(1)>",
        "<svg><script>alert(1)</script></svg>",
        "<math><mtext><script>alert(1)</script></mtext></math>",
        "<iframe src='https://evil.example'></iframe>",
        "<object data='x.swf'></object>",
        "<style>body{display:none}</style>",
        "<form action='https://evil.example'><input name=x></form>",
        "<details open ontoggle=alert(1)>",
        "<div style='background:url(javascript:alert(1))'>x</div>",
    ],
)
def test_dangerous_markup_is_removed(dirty):
    clean = sanitize(dirty).lower()
    for marker in (
        "<script",
        "onerror",
        "onclick",
        "onload",
        "ontoggle",
        "javascript:",
        "vbscript:",
        "data:",
        "<iframe",
        "<object",
        "<style",
        "<form",
        "<input",
        "<svg",
        "<math",
        "style=",
    ):
        assert marker not in clean


def test_ids_are_prefixed_and_fragment_links_follow():
    html = sanitize('<h3 id="location">x</h3><a href="#location">go</a>')
    assert 'id="c-location"' in html
    assert 'href="#c-location"' in html


def test_external_links_get_noopener_and_unknown_classes_go():
    html = sanitize('<a class="wide evil" href="https://www.fatf-gafi.org/">FATF</a>')
    assert 'rel="noopener noreferrer"' in html
    assert 'class="wide"' in html
    assert "evil" not in html


def test_images_only_from_this_site():
    assert is_allowed_url("/modules/a/media/x.svg", image=True)
    assert not is_allowed_url("https://evil.example/x.png", image=True)
    assert not is_allowed_url("//evil.example/x.png", image=True)
    assert not is_allowed_url("data:image/png;base64,AA", image=True)
    assert 'src="https://' not in sanitize('<img src="https://evil.example/x.png" alt="x">')


def test_links_allowed_protocols():
    assert is_allowed_url("https://unodc.org")
    assert is_allowed_url("mailto:trainer@example.org")
    assert is_allowed_url("/modules/evidence")
    assert not is_allowed_url("//evil.example")
    assert not is_allowed_url("ftp://x")


def test_raw_html_in_markdown_is_sanitised_and_reported():
    rendered = render_markdown("Hello <span onmouseover='x()'>there</span>\n\n<script>alert(1)</script>")
    assert "onmouseover" not in rendered.html
    assert "<script" not in rendered.html
    assert "onmouseover attribute on <span>" in rendered.removed
    assert "<script> tag" in rendered.removed


def test_attr_list_cannot_add_event_handlers():
    rendered = render_markdown('A paragraph.\n{: onclick="alert(1)" #para .lead }')
    assert "onclick" not in rendered.html
    assert 'id="c-para"' in rendered.html
    assert 'class="lead"' in rendered.html


def test_markdown_links_with_bad_schemes_are_dropped():
    rendered = render_markdown("[click](javascript:alert(1)) ![x](data:image/svg+xml;base64,AA)")
    assert "javascript:" not in rendered.html
    assert "data:" not in rendered.html


def test_removed_by_sanitizer_is_empty_for_clean_markdown_output():
    rendered = render_markdown(
        "| a | b |\n|---|---|\n| 1 | 2 |\n\n!!! note\n    Hi\n\n*[PCU]: Port Control Unit\n\nPCU"
    )
    assert rendered.removed == []
    assert removed_by_sanitizer(str(rendered.html)) == []


def test_relative_links_and_pictures_are_resolved_within_the_module():
    ctx = LinkContext("risk-analysis", frozenset({"seals"}))
    rendered = render_markdown(
        "[s](#seals) [e](../evidence/) [c](../evidence/chain) ![d](media/a.svg)", ctx=ctx
    )
    html = str(rendered.html)
    assert 'href="/modules/risk-analysis/seals"' in html
    assert 'href="/modules/evidence/"' in html
    assert 'href="/modules/evidence/chain"' in html
    assert 'src="/modules/risk-analysis/media/a.svg"' in html
    assert rendered.links == ["#seals", "../evidence/", "../evidence/chain"]
    assert rendered.images == ["media/a.svg"]


@pytest.mark.parametrize(
    "href",
    [
        "\\/evil.example/x",
        "/&#x09;/evil.example/x",
        "&#x2F;&#x2F;evil.example",
        "/\\evil.example",
        "\\\\evil.example",
        "/\n/evil.example",
    ],
)
def test_links_that_browsers_read_as_another_host_are_dropped(href):
    """Browsers decode references, drop tabs and newlines, and read a backslash as a slash."""
    assert not is_allowed_url(href)
    assert "href" not in sanitize(f'<a href="{href}">x</a>')
    assert "src" not in sanitize(f'<img src="{href}" alt="x">')


def test_a_single_backslash_stays_on_this_site_and_encoded_schemes_still_get_noopener():
    assert is_allowed_url("\\modules\\alpha")  # read as /modules/alpha
    assert 'rel="noopener noreferrer"' in sanitize('<a href="&#104;ttps://unodc.org/">x</a>')


@pytest.mark.parametrize(
    "text",
    [
        "Hold the container and examine the seal",
        "Верно",
        "USD 10 000 in cash, declared",
        "It's the consignee's",
        "a *bold* claim",
        "see [x](https://a.org)",
        "1. first",
        "A & B",
        "x < y",
        "ends with space ",
    ],
)
def test_inline_fast_path_matches_markdown(text):
    from learnlab.content.render import _SINGLE_PARAGRAPH_RE, render_inline

    fast = str(render_inline(text).html)
    full = str(render_markdown(text).html).strip()
    m = _SINGLE_PARAGRAPH_RE.match(full)
    assert fast == (m.group(1) if m else full)
