"""Property test of the sanitiser: whatever goes in, it never raises and nothing that runs comes out.

Inputs are built from the pieces attacks are made of (tags the allowlist refuses and accepts,
event handlers, URL attributes with schemes hidden by case, entities and whitespace, comments,
CDATA, raw-text elements, unbalanced quotes and brackets), mixed with arbitrary text.
"""

from __future__ import annotations

from html.parser import HTMLParser

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from learnlab.content.render import render_markdown
from learnlab.content.sanitize import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, ID_PREFIX, sanitize
from tests.html_audit import url_problem

TAGS = sorted(
    ALLOWED_TAGS
    | {
        "script",
        "style",
        "iframe",
        "object",
        "embed",
        "svg",
        "math",
        "mtext",
        "mglyph",
        "template",
        "noscript",
        "textarea",
        "title",
        "xmp",
        "form",
        "input",
        "button",
        "base",
        "meta",
        "link",
        "select",
        "option",
        "video",
        "source",
        "foreignObject",
        "animate",
        "set",
        "use",
        "SCRIPT",
        "ScRiPt",
    }
)
ATTRIBUTES = [
    "href",
    "src",
    "id",
    "class",
    "title",
    "style",
    "onclick",
    "onerror",
    "OnLoad",
    "onmouseover",
    "xlink:href",
    "formaction",
    "action",
    "data",
    "srcset",
    "name",
    "alt",
    "open",
    "ontoggle",
]
SCHEMES = [
    "javascript:",
    "JaVaScRiPt:",
    "java\tscript:",
    "java&#x09;script:",
    "&#106;avascript:",
    "vbscript:",
    "data:text/html,",
    "data:image/svg+xml,",
    "javascript&colon;",
    " javascript:",
    "\x01javascript:",
    "https:",
    "http://",
    "mailto:",
    "//",
    "/",
    "\\\\",
    "/\\",
    "#",
    "",
]
JUNK = [
    "<",
    ">",
    '"',
    "'",
    "=",
    "/",
    "<!--",
    "-->",
    "--!>",
    "<![CDATA[",
    "]]>",
    "</",
    "&",
    "&#",
    ";",
    "`",
    "\n",
    "\t",
    "\x00",
    "{: onclick=alert(1) }",
    "[x](javascript:alert(1))",
    '!!! note "',
    "*[X]: ",
]

quote = st.sampled_from(['"', "'", ""])
url = st.builds(
    lambda s, rest: s + rest, st.sampled_from(SCHEMES), st.sampled_from(["alert(1)", "evil.example/x", "x"])
)
value = st.one_of(url, st.text(max_size=12))
attribute = st.builds(lambda n, q, v: f" {n}={q}{v}{q}", st.sampled_from(ATTRIBUTES), quote, value)
start_tag = st.builds(
    lambda t, a, end: f"<{t}{''.join(a)}{end}",
    st.sampled_from(TAGS),
    st.lists(attribute, max_size=3),
    st.sampled_from([">", "/>", " >", ""]),
)
# Links and pictures often, so that every URL trick meets the attribute it targets.
url_tag = st.builds(
    lambda t, q, v: f"<{t} {'src' if t == 'img' else 'href'}={q}{v}{q}>",
    st.sampled_from(["a", "img"]),
    quote,
    url,
)
end_tag = st.builds(lambda t: f"</{t}>", st.sampled_from(TAGS))
piece = st.one_of(url_tag, start_tag, end_tag, st.sampled_from(JUNK), st.text(max_size=8))
document = st.builds("".join, st.lists(piece, max_size=25))


class _Check(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED_TAGS:
            self.problems.append(f"<{tag}>")
        allowed = ALLOWED_ATTRIBUTES.get(tag, frozenset()) | {"id", "class", "rel"}
        for name, raw in attrs:
            v = raw or ""
            if name.startswith("on") or name not in allowed:
                self.problems.append(f"{name} on <{tag}>")
            if name in ("href", "src") and (problem := url_problem(v)):
                self.problems.append(f"{name}={v!r}: {problem}")
            if name == "src" and not v.startswith("/"):
                self.problems.append(f"picture from {v!r}")
            if name == "id" and not v.startswith(ID_PREFIX):
                self.problems.append(f"id {v!r}")


def problems_in(html: str) -> list[str]:
    check = _Check()
    check.feed(html)
    check.close()
    return check.problems


FAST = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(document)
def test_sanitize_lets_nothing_dangerous_through(html):
    assert problems_in(sanitize(html)) == []


@FAST
@given(st.text())
def test_sanitize_never_raises_on_any_text(text):
    assert problems_in(sanitize(text)) == []


@settings(max_examples=150, deadline=None)
@given(document)
def test_markdown_pipeline_lets_nothing_dangerous_through(text):
    assert problems_in(str(render_markdown(text).html)) == []


def test_the_check_itself_sees_a_dangerous_output():
    """The property would be empty if ``problems_in`` could not see anything."""
    assert problems_in('<a href="jav&#x09;ascript:alert(1)" onclick="x" id="main">x</a><script>') != []
