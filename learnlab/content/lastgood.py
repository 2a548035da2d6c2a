"""The last good version of each module, quiz and translation file, for when a change breaks it.

When a trainer saves a file that no longer loads (one unquoted colon in the front matter is
enough), trainees keep the version that last loaded without errors, and staff see the errors.
The good versions are kept in memory (the parsed, rendered object) and their source text on disk
under the content cache folder (``<CONTENT_CACHE_DIR>/last-good/``), so that a restart with a
broken file still shows the last good version: the stored source is parsed again (its rendering
usually comes straight from the render cache). Without a cache folder the store lives in memory
only, and after a restart a broken file is "temporarily unavailable" until it is fixed.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from learnlab.content.cache import content_hash

log = logging.getLogger(__name__)

# parse(path to read, version) -> a parsed module or quiz (anything with ``is_broken``)
Parse = Callable[[Path, str], Any]

_TITLE_RE = re.compile(r"^title:\s*(?P<title>.+?)\s*$", re.MULTILINE)


@dataclass(frozen=True)
class Fallback:
    """A file that does not load now, and what trainees are shown instead."""

    path: str  # the broken file, relative to the project root
    kind: str  # "module" or "quiz"
    slug: str
    lang: str
    broken_version: str  # the version on disk, which has errors
    shown_version: str | None  # the last good version trainees see; None: nothing to show
    title: str  # for links and "temporarily unavailable" cards

    @property
    def is_unavailable(self) -> bool:
        return self.shown_version is None


class LastGoodStore:
    def __init__(self, store_dir: Path | None) -> None:
        self.store_dir = store_dir
        self._memory: dict[str, Any] = {}  # rel path -> last good parsed object
        self._persisted: dict[str, str] = {}  # rel path -> version written to disk by this process

    def remember(self, path: Path, rel: str, parsed: Any) -> None:
        """Keep ``parsed`` (which loaded without errors) as the file's last good version."""
        self._memory[rel] = parsed
        target = self._stored_path(rel)
        if target is None or self._persisted.get(rel) == parsed.version:
            return
        try:
            data = path.read_bytes()
        except OSError:
            return
        if content_hash(data) != parsed.version:
            return  # the file changed again since it was parsed: the next load remembers it
        if _write_atomic(target, data):
            self._persisted[rel] = parsed.version
        else:
            # A read-only cache folder (deployed with the code): keep last good versions in memory
            # only, and say so once rather than for every file on every reload.
            log.warning("last good versions are kept in memory only: cannot write to %s", target.parent)
            self.store_dir = None

    def recall(self, rel: str, parse: Parse) -> Any | None:
        """The last good version of a broken file: from memory, else from the stored source."""
        good = self._memory.get(rel)
        if good is not None:
            return good
        stored = self._stored_path(rel)
        if stored is None or not stored.is_file():
            return None
        try:
            version = content_hash(stored.read_bytes())
        except OSError:
            return None
        parsed = parse(stored, version)
        if parsed.is_broken:
            return None
        self._memory[rel] = parsed
        self._persisted[rel] = version
        return parsed

    def _stored_path(self, rel: str) -> Path | None:
        if self.store_dir is None:
            return None
        # Named by a hash of the path: no folders to create, no path to escape from.
        return self.store_dir / (hashlib.sha256(rel.encode()).hexdigest()[:24] + ".md")


def title_from_source(path: Path) -> str:
    """The ``title:`` line of a file whose front matter does not parse, for a link's text."""
    try:
        head = path.read_text(encoding="utf-8", errors="replace")[:4000]
    except OSError:
        return ""
    found = _TITLE_RE.search(head)
    return found.group("title").strip("'\"") if found else ""


def _write_atomic(path: Path, data: bytes) -> bool:
    """Write then rename, so another worker never reads half a file; False if it cannot be written."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except OSError:
        return False
    return True
