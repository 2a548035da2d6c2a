"""Markdown to safe HTML: the one place where authored text becomes markup.

``render_markdown`` runs Python-Markdown with the extensions authors may use, rewrites links and
pictures to their addresses on the site, and passes the result through the sanitizer. Its output is
the only HTML marked safe in templates. It is called when content is loaded, never per request.
"""

from __future__ import annotations

import html
import posixpath
import re
import threading

# Builds Markdown's own tree; nothing is parsed with it (ruff S405, bandit B405).
import xml.etree.ElementTree as ET  # noqa: S405  # nosec B405
from dataclasses import dataclass, field

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

from learnlab.content.sanitize import removed_by_sanitizer, sanitize

EXTENSIONS = [
    "tables",
    "footnotes",
    "admonition",
    "def_list",
    "abbr",
    "attr_list",
    "toc",
    "sane_lists",
    "pymdownx.details",
]
EXTENSION_CONFIGS = {"tables": {"use_align_attribute": True}, "toc": {"permalink": False}}


@dataclass(frozen=True)
class LinkContext:
    """Where a piece of text lives, so that relative links and pictures can be resolved."""

    module_slug: str
    section_ids: frozenset[str] = frozenset()


@dataclass
class Rendered:
    html: Markup
    links: list[str] = field(default_factory=list)  # hrefs as the author wrote them
    images: list[str] = field(default_factory=list)  # srcs as the author wrote them
    removed: list[str] = field(default_factory=list)  # what the sanitizer dropped


def resolve_link(href: str, ctx: LinkContext | None) -> str:
    """Turn an author's relative link into a site path; leave everything else alone.

    ``#section`` -> that section of this module; ``../slug/`` and ``../slug/section`` -> another
    module; ``media/file`` -> this module's picture. Other fragments stay in-page.
    """
    if ctx is None or re.match(r"^[a-zA-Z][a-zA-Z0-9+.\-]*:", href):
        return href
    if href.startswith("#"):
        target = href[1:]
        if target in ctx.section_ids:
            return f"/modules/{ctx.module_slug}/{target}"
        return href
    if href.startswith("/"):
        return href
    resolved = posixpath.normpath(posixpath.join(f"/modules/{ctx.module_slug}/", href))
    if href.endswith("/") and not resolved.endswith("/"):
        resolved += "/"
    return resolved


class _LinkRewriter(Treeprocessor):
    """Resolves links and pictures for the text being rendered (``target`` is set per call)."""

    def __init__(self, md: markdown.Markdown) -> None:
        super().__init__(md)
        self.ctx: LinkContext | None = None
        self.result = Rendered(Markup(""))

    def run(self, root: ET.Element) -> None:
        for el in root.iter():
            if el.tag == "a" and "href" in el.attrib:
                href = el.attrib["href"]
                if not href.startswith(("#fn:", "#fnref:")):
                    self.result.links.append(href)
                el.set("href", resolve_link(href, self.ctx))
            elif el.tag == "img" and "src" in el.attrib:
                self.result.images.append(el.attrib["src"])
                el.set("src", resolve_link(el.attrib["src"], self.ctx))


class _LinkExtension(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 - Markdown's API name
        # Priority below "inline" (20) so that links exist, above "prettify".
        md.treeprocessors.register(_LinkRewriter(md), "learnlab_links", 5)


# Building a Markdown instance with its extensions costs about a millisecond; loading the course
# renders thousands of pieces, so each thread keeps one and resets it between uses.
_local = threading.local()


def _markdown() -> tuple[markdown.Markdown, _LinkRewriter]:
    md = getattr(_local, "md", None)
    if md is None:
        md = markdown.Markdown(
            extensions=[*EXTENSIONS, _LinkExtension()], extension_configs=EXTENSION_CONFIGS, output_format="html"
        )
        _local.md = md
    md.reset()
    return md, md.treeprocessors["learnlab_links"]  # type: ignore[return-value]


def render_markdown(text: str, *, ctx: LinkContext | None = None, abbreviations: str = "") -> Rendered:
    """Render authored Markdown to sanitised HTML, collecting links, pictures and removals.

    ``abbreviations`` holds ``*[TERM]: meaning`` lines defined elsewhere in the same document, so
    that every part of a module shows its glossary terms on hover.
    """
    abbreviations = _used_abbreviations(text, abbreviations)
    result = Rendered(Markup(""))
    md, links = _markdown()
    links.ctx, links.result = ctx, result
    source = text if not abbreviations else f"{text}\n\n{abbreviations}\n"
    raw = md.convert(source)
    result.removed = removed_by_sanitizer(raw)
    # Sanitised just above: the one place authored HTML becomes safe (ruff S704, bandit B704).
    result.html = Markup(sanitize(raw))  # noqa: S704  # nosec B704
    return result


_SINGLE_PARAGRAPH_RE = re.compile(r"^<p>(.*)</p>$", re.DOTALL)


_ABBR_TERM_RE = re.compile(r"^\*\[([^\]]+)\]:", re.MULTILINE)


def _used_abbreviations(text: str, abbreviations: str) -> str:
    """Only the glossary lines whose term occurs in ``text``: the rest cannot change the output."""
    if not abbreviations:
        return ""
    lines = abbreviations.splitlines()
    return "\n".join(line for line in lines if (m := _ABBR_TERM_RE.match(line)) and m.group(1) in text)


# Characters that can start Markdown or HTML syntax; a one-line piece without any is plain text.
_SYNTAX_RE = re.compile(r"[\\`*_{}\[\]()<>#+\-!|&~^:\n]|^\s|\s$|\d\.")


def render_inline(text: str, *, ctx: LinkContext | None = None, abbreviations: str = "") -> Rendered:
    """Like ``render_markdown`` for a short piece (an option, a title): no wrapping paragraph."""
    if not _used_abbreviations(text, abbreviations) and not _SYNTAX_RE.search(text):
        # Most options are plain sentences: escaping them gives what Markdown would, much faster.
        # Escaped here, and free of markup characters anyway (ruff S704, bandit B704).
        return Rendered(Markup(html.escape(text, quote=False)))  # noqa: S704  # nosec B704
    result = render_markdown(text, ctx=ctx, abbreviations=abbreviations)
    m = _SINGLE_PARAGRAPH_RE.match(str(result.html).strip())
    if m and "<p>" not in m.group(1):
        # The inside of one sanitised <p>: still sanitised (ruff S704, bandit B704).
        result.html = Markup(m.group(1))  # noqa: S704  # nosec B704
    return result
