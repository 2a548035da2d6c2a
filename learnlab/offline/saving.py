"""What a module needs to be read offline: each address with a content hash and a size.

The browser keeps a module's copy in Cache Storage and asks for this list again when online: an
address whose hash it already holds is not downloaded again, one whose hash changed is, and one no
longer listed is dropped. Pages carry the module's content version (in the reader's language) and
the hashes of the CSS and JS they link, so an edited module or a new stylesheet refreshes them;
pictures and static files carry a hash of their bytes.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass
from pathlib import Path

from flask import current_app, url_for

from learnlab.content.module import Module

# The part of a page that is not the module's text (header, forms, footer), for the size shown
# before saving: a page's size is known only once it is fetched.
PAGE_CHROME_BYTES = 6_000
PAGE_STATIC = (
    "css/learnlab.css",
    "js/learnlab.js",
    "img/logo.svg",
    "img/favicon.svg",
    "img/lock.svg",
    "manifest.webmanifest",
)


@dataclass(frozen=True)
class Entry:
    url: str
    hash: str
    bytes: int  # exact for files, an estimate for pages


def _digest(*parts: str | bytes) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode() if isinstance(part, str) else part)
        h.update(b"\0")
    return h.hexdigest()[:16]


def _static_entries() -> list[Entry]:
    static = current_app.extensions["learnlab_static"]
    entries = []
    for name in PAGE_STATIC:
        found = static.current(name)
        if found is not None:
            entries.append(Entry(url_for("static", filename=name), found.etag.strip('"'), len(found.body)))
    return entries


def _media_entries(module: Module) -> list[Entry]:
    folder = Path(current_app.config["CONTENT_DIR"]) / "modules" / module.slug / "media"
    entries, seen = [], set()
    for _line, src in module.images:
        name = src.split("media/", 1)[1] if "media/" in src else None
        path = folder / name if name else None
        if not name or name in seen or path is None or not path.is_file():
            continue
        seen.add(name)
        body = path.read_bytes()
        entries.append(
            Entry(url_for("learn.media", slug=module.slug, filename=name), _digest(body), len(body))
        )
    return entries


def module_files(module: Module, lang: str) -> dict[str, object]:
    """The list the browser saves: pages, pictures and static files, and one version for all."""
    statics = _static_entries()
    page_hash = _digest(module.version, lang, *(e.hash for e in statics))
    text = sum(len(block.html or "") for s in module.sections for block in s.blocks)
    pages = [
        Entry(url_for("learn.catalogue"), page_hash, PAGE_CHROME_BYTES),
        Entry(
            url_for("learn.module", slug=module.slug), page_hash, PAGE_CHROME_BYTES + len(module.intro_html)
        ),
        Entry(url_for("learn.module_print", slug=module.slug), page_hash, PAGE_CHROME_BYTES + text),
    ]
    for section in module.sections:
        size = PAGE_CHROME_BYTES + sum(len(block.html or "") for block in section.blocks)
        pages.append(
            Entry(url_for("learn.section", slug=module.slug, section_id=section.id), page_hash, size)
        )
    entries = pages + _media_entries(module) + statics
    return {
        "slug": module.slug,
        "lang": lang,
        "version": _digest(*(f"{e.url} {e.hash}" for e in entries)),
        "bytes": sum(e.bytes for e in entries),
        "files": [asdict(e) for e in entries],
    }
