"""Rendered Markdown, cached in memory and on disk, keyed by content hashes.

Rendering a module takes tens of milliseconds; a restart with a warm cache skips it. Entries are
grouped in one JSON file per source file (named by the file's hash, which is also its version),
so a changed file simply gets a new cache file. JSON, not pickle: the cache folder is writable.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from pathlib import Path

from markupsafe import Markup

from learnlab.content.render import LinkContext, Rendered, render_inline, render_markdown

log = logging.getLogger(__name__)

# Bump when the pipeline (extensions, allowlist, link rules) changes: old entries are ignored.
PIPELINE_VERSION = "3"  # 2: URL checks decode references and read "\\" as "/"; 3: link context has a language


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


class Renderer:
    def __init__(self, cache_dir: Path | None) -> None:
        self.cache_dir = cache_dir
        self._memory: dict[str, Rendered] = {}
        self._file_entries: dict[str, dict[str, object]] = {}
        self._used: dict[str, dict[str, object]] = {}
        self._missed = False
        self._file_key: str | None = None
        self.renders = 0  # how many chunks were actually rendered (for tests and benchmarks)

    # -- one source file at a time -----------------------------------------------------------
    def begin_file(self, file_hash: str) -> None:
        self._file_key = file_hash
        self._used = {}
        self._missed = False
        self._file_entries = {}
        path = self._path(file_hash)
        if path is not None and path.exists():
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
                if data.get("pipeline") == PIPELINE_VERSION:
                    self._file_entries = data["entries"]
            except (OSError, ValueError, KeyError):
                log.warning("ignoring unreadable content cache file %s", path)

    def end_file(self) -> None:
        path = self._path(self._file_key) if self._file_key else None
        if path is not None and self._missed:
            self._write(path, {"pipeline": PIPELINE_VERSION, "entries": self._used})
        self._file_key = None

    # -- rendering ----------------------------------------------------------------------------
    def render(
        self, text: str, *, ctx: LinkContext | None = None, abbreviations: str = "", inline: bool = False
    ) -> Rendered:
        key = hashlib.sha256(
            json.dumps(
                [
                    PIPELINE_VERSION,
                    text,
                    ctx and ctx.module_slug,
                    ctx and sorted(ctx.section_ids),
                    ctx and ctx.lang,
                    abbreviations,
                    inline,
                ]
            ).encode()
        ).hexdigest()
        rendered = self._memory.get(key)
        if rendered is None and key in self._file_entries:
            rendered = _from_json(self._file_entries[key])
        if rendered is None:
            render = render_inline if inline else render_markdown
            rendered = render(text, ctx=ctx, abbreviations=abbreviations)
            self.renders += 1
            self._missed = True
        self._memory[key] = rendered
        self._used[key] = _to_json(rendered)
        return rendered

    # -- storage ------------------------------------------------------------------------------
    def _path(self, file_hash: str | None) -> Path | None:
        if self.cache_dir is None or file_hash is None:
            return None
        return self.cache_dir / f"{file_hash}.json"

    @staticmethod
    def _write(path: Path, data: object) -> None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            # Write then rename, so another worker never reads half a file.
            fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(data, fh)
            os.replace(tmp, path)
        except OSError:
            log.warning("could not write content cache file %s", path)


def _to_json(r: Rendered) -> dict[str, object]:
    return {"html": str(r.html), "links": r.links, "images": r.images, "removed": r.removed}


def _from_json(data: dict[str, object]) -> Rendered:
    # The stored HTML was produced by render_markdown (sanitised) and written by this process
    # family only; it is trusted as such.
    return Rendered(
        # Sanitised when it was rendered (ruff S704, bandit B704).
        Markup(str(data["html"])),  # noqa: S704  # nosec B704
        list(data["links"]),  # type: ignore[call-overload]
        list(data["images"]),  # type: ignore[call-overload]
        list(data["removed"]),  # type: ignore[call-overload]
    )
