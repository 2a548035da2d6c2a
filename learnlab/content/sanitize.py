"""The one allowlist for authored HTML, and the one function that applies it.

Everything a trainer writes (module text, quiz prompts, options, feedback, explanations,
glossary entries, the preview) becomes HTML through ``learnlab.content.render``, which ends
here. The allowlist:

* tags: text structure (paragraphs, headings h2-h6, lists, tables, quotes, code), links, images,
  abbreviations, footnote markup, ``details``/``summary`` for collapsible blocks, ``div``/``span``;
  never script, style, iframe, object, embed, form controls, svg or math;
* attributes: ``id`` and ``class`` anywhere (ids are prefixed ``c-`` so authored content cannot
  clobber the page's own names, classes must be in ``ALLOWED_CLASSES``), ``href``/``title`` on
  links, ``src``/``alt``/``title``/``width``/``height`` on images, ``title`` on ``abbr``, ``align``,
  ``colspan``/``rowspan`` on table cells, ``open`` on ``details``, ``start`` on ``ol``; never an
  event handler or ``style``;
* links: ``http``, ``https``, ``mailto`` and site-relative paths; external links get
  ``rel="noopener noreferrer"``; images only from this site (``/...``), never ``data:``.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import bleach
from bleach.html5lib_shim import Filter

ALLOWED_TAGS = frozenset(
    {
        "p",
        "br",
        "hr",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "strong",
        "em",
        "b",
        "i",
        "u",
        "s",
        "del",
        "ins",
        "mark",
        "small",
        "sub",
        "sup",
        "code",
        "pre",
        "kbd",
        "samp",
        "blockquote",
        "ul",
        "ol",
        "li",
        "dl",
        "dt",
        "dd",
        "table",
        "thead",
        "tbody",
        "tfoot",
        "tr",
        "th",
        "td",
        "caption",
        "a",
        "img",
        "abbr",
        "div",
        "span",
        "details",
        "summary",
        "figure",
        "figcaption",
    }
)

_COMMON_ATTRIBUTES = frozenset({"id", "class"})
ALLOWED_ATTRIBUTES: dict[str, frozenset[str]] = {
    "a": frozenset({"href", "title"}),
    "img": frozenset({"src", "alt", "title", "width", "height"}),
    "abbr": frozenset({"title"}),
    "th": frozenset({"align", "colspan", "rowspan"}),
    "td": frozenset({"align", "colspan", "rowspan"}),
    "details": frozenset({"open"}),
    "ol": frozenset({"start"}),
}
ALLOWED_CLASSES = frozenset(
    {
        "admonition",
        "admonition-title",
        "note",
        "tip",
        "warning",
        "legal",
        "case",
        "answer",
        "footnote",
        "footnote-ref",
        "footnote-backref",
        "wide",
        "figure",
        "lead",
        "small",
        "toc",
    }
)
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})
ID_PREFIX = "c-"

_SCHEME_RE = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
_CONTROL_RE = re.compile(r"[\x00-\x20\x7f]+")


def _url_scheme(value: str) -> str | None:
    m = _SCHEME_RE.match(_CONTROL_RE.sub("", html.unescape(value)))
    return m.group(1).lower() if m else None


def is_allowed_url(value: str, *, image: bool = False) -> bool:
    """Links: allowed protocols or relative. Images: paths on this site only.

    ``value`` may hold character references (bleach passes attribute values undecoded).
    """
    # Browsers decode references, drop tabs and newlines inside URLs and read "\\" as "/":
    # "\\/evil.example" and "/&#x09;/evil.example" both lead to another host.
    cleaned = _CONTROL_RE.sub("", html.unescape(value)).replace("\\", "/")
    scheme = _url_scheme(cleaned)
    if image:
        return scheme is None and cleaned.startswith("/") and not cleaned.startswith("//")
    if scheme is None:
        return not cleaned.startswith("//")
    return scheme in ALLOWED_PROTOCOLS


def _attribute_allowed(tag: str, name: str, value: str) -> bool:
    if name in _COMMON_ATTRIBUTES:
        return True
    if name not in ALLOWED_ATTRIBUTES.get(tag, ()):
        return False
    if tag == "img" and name == "src":
        return is_allowed_url(value, image=True)
    if tag == "a" and name == "href":
        return is_allowed_url(value)
    return True


class _PostFilter(Filter):  # type: ignore[misc]
    """Runs after bleach: prefix ids and fragment links, keep known classes, mark external links."""

    def __iter__(self):  # type: ignore[no-untyped-def]
        for token in super().__iter__():
            if token["type"] in ("StartTag", "EmptyTag") and token.get("data"):
                token["data"] = self._fix(token["name"], dict(token["data"]))
            yield token

    @staticmethod
    def _fix(tag: str, attrs: dict[tuple[str | None, str], str]) -> dict[tuple[str | None, str], str]:
        id_key = (None, "id")
        if id_key in attrs:
            value = attrs[id_key]
            attrs[id_key] = value if value.startswith(ID_PREFIX) else ID_PREFIX + value
        class_key = (None, "class")
        if class_key in attrs:
            kept = [c for c in attrs[class_key].split() if c in ALLOWED_CLASSES]
            if kept:
                attrs[class_key] = " ".join(kept)
            else:
                del attrs[class_key]
        href_key = (None, "href")
        if tag == "a" and href_key in attrs:
            href = attrs[href_key]
            if href.startswith("#") and not href.startswith("#" + ID_PREFIX):
                attrs[href_key] = "#" + ID_PREFIX + href[1:]
            elif _url_scheme(href) is not None:
                attrs[(None, "rel")] = "noopener noreferrer"
        return attrs


_cleaner = bleach.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=_attribute_allowed,
    protocols=ALLOWED_PROTOCOLS,
    strip=True,
    strip_comments=True,
    filters=[_PostFilter],
)

# Tags whose content is code or markup, not text: dropped whole rather than unwrapped.
_DROP_WITH_CONTENT_RE = re.compile(
    r"<(script|style|template|iframe|object|embed|noscript|textarea|title|xmp|noembed|noframes|plaintext)\b"
    r"[^>]*>.*?(</\1\s*>|\Z)",
    re.IGNORECASE | re.DOTALL,
)


def sanitize(html: str) -> str:
    """Return ``html`` reduced to the allowlist above. Never raises on any input."""
    return _cleaner.clean(_DROP_WITH_CONTENT_RE.sub("", html))


class _Inspector(HTMLParser):
    """Lists what ``sanitize`` would remove, so the checker can warn the author."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.removed: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED_TAGS:
            self.removed.append(f"<{tag}> tag")
            return
        for name, value in attrs:
            value = value or ""
            if name == "class":
                for cls in value.split():
                    if cls not in ALLOWED_CLASSES:
                        self.removed.append(f'class "{cls}" on <{tag}>')
            elif not _attribute_allowed(tag, name, value):
                if name in ("href", "src"):
                    self.removed.append(f'{name}="{value}" on <{tag}> (not an allowed address)')
                else:
                    self.removed.append(f"{name} attribute on <{tag}>")

    handle_startendtag = handle_starttag

    def handle_comment(self, data: str) -> None:
        self.removed.append("HTML comment")


def removed_by_sanitizer(html: str) -> list[str]:
    """Describe each tag, attribute or address in ``html`` that ``sanitize`` would drop."""
    inspector = _Inspector()
    inspector.feed(html)
    inspector.close()
    return inspector.removed
