"""Markdown to safe HTML: the one place where authored text becomes markup.

``render_markdown`` runs Python-Markdown with the extensions authors may use, rewrites links and
pictures to their addresses on the site, and passes the result through the sanitizer. Its output is
the only HTML marked safe in templates. It is called when content is loaded, never per request.
"""

from __future__ import annotations

import posixpath
import re

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
    def __init__(self, md: markdown.Markdown, ctx: LinkContext | None, result: Rendered) -> None:
        super().__init__(md)
        self.ctx = ctx
        self.result = result

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
    def __init__(self, ctx: LinkContext | None, result: Rendered) -> None:
        super().__init__()
        self.ctx = ctx
        self.result = result

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 - Markdown's API name
        # Priority below "inline" (20) so that links exist, above "prettify".
        md.treeprocessors.register(_LinkRewriter(md, self.ctx, self.result), "learnlab_links", 5)


def render_markdown(text: str, *, ctx: LinkContext | None = None, abbreviations: str = "") -> Rendered:
    """Render authored Markdown to sanitised HTML, collecting links, pictures and removals.

    ``abbreviations`` holds ``*[TERM]: meaning`` lines defined elsewhere in the same document, so
    that every part of a module shows its glossary terms on hover.
    """
    result = Rendered(Markup(""))
    md = markdown.Markdown(
        extensions=[*EXTENSIONS, _LinkExtension(ctx, result)],
        extension_configs=EXTENSION_CONFIGS,
        output_format="html",
    )
    source = text if not abbreviations else f"{text}\n\n{abbreviations}\n"
    raw = md.convert(source)
    result.removed = removed_by_sanitizer(raw)
    # Sanitised just above: the one place authored HTML becomes safe (ruff S704, bandit B704).
    result.html = Markup(sanitize(raw))  # noqa: S704  # nosec B704
    return result


_SINGLE_PARAGRAPH_RE = re.compile(r"^<p>(.*)</p>$", re.DOTALL)


def render_inline(text: str, *, ctx: LinkContext | None = None, abbreviations: str = "") -> Rendered:
    """Like ``render_markdown`` for a short piece (an option, a title): no wrapping paragraph."""
    result = render_markdown(text, ctx=ctx, abbreviations=abbreviations)
    m = _SINGLE_PARAGRAPH_RE.match(str(result.html).strip())
    if m and "<p>" not in m.group(1):
        # The inside of one sanitised <p>: still sanitised (ruff S704, bandit B704).
        result.html = Markup(m.group(1))  # noqa: S704  # nosec B704
    return result
