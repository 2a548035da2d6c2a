"""Inspect a served page for anything that could run script, for the XSS tests.

``audit(html)`` lists findings on a whole page: event-handler and ``style`` attributes, URLs with a
scheme other than http, https or mailto (after the entity decoding and control-character
stripping a browser does), script with inline code or from elsewhere, and tags that have no place
in a page of ours. ``compare(page, baseline)`` adds what only a comparison can show: tags outside
the authored-content allowlist (forms, inputs, ...) that the page has more of than the same page
carrying harmless text, and ids that neither carry the authored-content prefix nor exist on that
baseline page (DOM clobbering).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser

from learnlab.content.sanitize import ALLOWED_TAGS, ID_PREFIX

URL_ATTRIBUTES = frozenset(
    {
        "href",
        "src",
        "action",
        "formaction",
        "xlink:href",
        "data",
        "poster",
        "background",
        "cite",
        "codebase",
        "ping",
        "lowsrc",
        "dynsrc",
        "manifest",
        "icon",
        "longdesc",
        "usemap",
        "profile",
        "classid",
        "archive",
        "to",
        "from",
        "values",
        "by",
    }
)
ALLOWED_SCHEMES = frozenset({"http", "https", "mailto"})
# Never in a page of ours, whoever wrote it.
FORBIDDEN_TAGS = frozenset(
    {
        "iframe",
        "frame",
        "frameset",
        "object",
        "embed",
        "applet",
        "svg",
        "math",
        "style",
        "base",
        "template",
        "noscript",
        "xmp",
        "portal",
        "param",
        "isindex",
        "keygen",
        "marquee",
        "video",
        "audio",
        "source",
        "noembed",
        "plaintext",
        "foreignobject",
        "animate",
        "set",
        "use",
        "image",
        "mglyph",
        "maction",
        "discard",
    }
)
_CONTROL_RE = re.compile(r"[\x00-\x20\x7f]+")
_SCHEME_RE = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")


def url_problem(value: str) -> str | None:
    """Why a URL in an attribute is not allowed, or None (values arrive entity-decoded)."""
    cleaned = _CONTROL_RE.sub("", value).replace("\\", "/")  # browsers read "\\" as "/"
    m = _SCHEME_RE.match(cleaned)
    if m:
        return None if m.group(1).lower() in ALLOWED_SCHEMES else f"scheme {m.group(1)!r}"
    if cleaned.startswith("//"):
        return "another host"
    return None


@dataclass
class Page:
    findings: list[str] = field(default_factory=list)
    tags: Counter[str] = field(default_factory=Counter)
    ids: set[str] = field(default_factory=set)


class _Auditor(HTMLParser):
    def __init__(self, allow: frozenset[str] = frozenset()) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self.allow = allow
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        page = self.page
        page.tags[tag] += 1
        if tag in FORBIDDEN_TAGS and tag not in self.allow:
            page.findings.append(f"<{tag}> tag")
        for name, raw in attrs:
            value = raw or ""
            if name.startswith("on"):
                page.findings.append(f"{name} attribute on <{tag}>")
            elif name == "style":
                page.findings.append(f"style attribute on <{tag}>")
            elif name == "id":
                page.ids.add(value)
            elif name == "srcset":
                page.findings.append(f"srcset on <{tag}>")
            elif name in URL_ATTRIBUTES and (problem := url_problem(value)):
                page.findings.append(f"{name}={value!r} on <{tag}>: {problem}")
            if tag == "img" and name == "src" and not (value.startswith("/") and not value.startswith("//")):
                page.findings.append(f"picture from elsewhere: {value!r}")
        if tag == "script":
            src = dict(attrs).get("src") or ""
            if not src.startswith("/static/"):
                page.findings.append(f"script from {src!r}")
            self._in_script = True
        if tag == "meta" and any(n == "http-equiv" for n, _v in attrs):
            page.findings.append("<meta http-equiv>")
        if tag == "link" and not (dict(attrs).get("href") or "").startswith("/static/"):
            page.findings.append("<link> to elsewhere")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        self._in_script = False

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and data.strip():
            self.page.findings.append("inline script")


def inspect(html: str, allow: frozenset[str] = frozenset()) -> Page:
    """``allow``: tags a page's own template may use (staff charts are inline SVG)."""
    auditor = _Auditor(allow)
    auditor.feed(html)
    auditor.close()
    return auditor.page


def audit(html: str, allow: frozenset[str] = frozenset()) -> list[str]:
    return inspect(html, allow).findings


# An attempt page names the parts of each question by ids drawn afresh for every attempt
# (learnlab.quiz.layout): the same element in two attempts differs only in that id.
_PAGE_ID_RE = re.compile(r"^(q:[^:]+):[A-Za-z][A-Za-z0-9]{11}(?=:|$)")


def _stable(element_id: str) -> str:
    return _PAGE_ID_RE.sub(r"\1:<page id>", element_id)


def compare(html: str, baseline: Page) -> list[str]:
    """Findings on ``html``, plus tags and ids it has beyond the harmless ``baseline`` page."""
    page = inspect(html)
    findings = list(page.findings)
    for tag, count in page.tags.items():
        if tag not in ALLOWED_TAGS and count > baseline.tags.get(tag, 0):
            findings.append(f"{count - baseline.tags.get(tag, 0)} extra <{tag}>")
    for element_id in sorted({_stable(i) for i in page.ids} - {_stable(i) for i in baseline.ids}):
        if not element_id.startswith(ID_PREFIX):
            findings.append(f"id {element_id!r} without the {ID_PREFIX!r} prefix")
    return findings
