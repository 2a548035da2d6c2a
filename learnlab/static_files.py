"""CSS, JavaScript and icons, served in front of Flask: content-hashed names, cached for a year.

Each file under static/ is also served under a name carrying a hash of its content
(``css/learnlab.3f9c0a1b2c4d.css``), and ``url_for("static", ...)`` writes that name. Such a name
never changes meaning, so the browser keeps it for a year without asking again
(``immutable``): a repeat view of a page is one request. A changed file gets a new name.

The files are answered by this WSGI layer before Flask sees the request: no session, no cookie,
no database, no Vary: Cookie. They are held in memory with a gzip copy (the folder is small),
sent compressed when the browser accepts it. The plain names still work, revalidated each time
(``no-cache`` with an ETag), for anything that links to them from outside.
"""

from __future__ import annotations

import gzip
import hashlib
import mimetypes
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import Flask

from learnlab.headers import CSP

PREFIX = "/static/"
YEAR = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
_COMPRESSIBLE = (
    "text/",
    "application/javascript",
    "application/json",
    "image/svg+xml",
    "application/manifest+json",
)


@dataclass(frozen=True)
class StaticFile:
    body: bytes
    gzipped: bytes | None  # None when compressing does not make it smaller
    content_type: str
    etag: str
    hashed_name: str
    mtime: float


def _hashed_name(name: str, digest: str) -> str:
    stem, dot, suffix = name.rpartition(".")
    return f"{stem}.{digest}.{suffix}" if dot else f"{name}.{digest}"


def _load(path: Path, name: str) -> StaticFile:
    body = path.read_bytes()
    digest = hashlib.sha256(body).hexdigest()[:12]
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    if content_type.startswith("text/") or content_type == "application/javascript":
        content_type += "; charset=utf-8"
    gzipped = None
    if content_type.startswith(_COMPRESSIBLE):
        packed = gzip.compress(body, compresslevel=9, mtime=0)
        gzipped = packed if len(packed) < len(body) else None
    return StaticFile(
        body, gzipped, content_type, f'"{digest}"', _hashed_name(name, digest), path.stat().st_mtime
    )


class StaticFiles:
    """The WSGI layer: answers GET and HEAD under /static/ and passes everything else on."""

    def __init__(self, wsgi_app: Any, folder: Path, *, watch: bool) -> None:
        self.wsgi_app = wsgi_app
        self.folder = folder
        self.watch = watch  # development: a file edited while the server runs is picked up
        self.files: dict[str, StaticFile] = {}
        self.by_hashed_name: dict[str, str] = {}
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            self._add(path.relative_to(folder).as_posix())

    def _add(self, name: str) -> StaticFile:
        entry = _load(self.folder / name, name)
        self.files[name] = entry
        self.by_hashed_name[entry.hashed_name] = name
        return entry

    def current(self, name: str) -> StaticFile | None:
        entry = self.files.get(name)
        if entry is not None and self.watch:
            path = self.folder / name
            if not path.is_file():
                return None
            if path.stat().st_mtime != entry.mtime:
                entry = self._add(name)
        return entry

    def url_name(self, name: str) -> str:
        """The name ``url_for("static", filename=name)`` writes: the hashed one, when the file exists."""
        entry = self.current(name)
        return entry.hashed_name if entry is not None else name

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if not path.startswith(PREFIX) or environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
            return self.wsgi_app(environ, start_response)
        name = path[len(PREFIX) :]
        cache = REVALIDATE
        if name in self.by_hashed_name:
            name, cache = self.by_hashed_name[name], YEAR
        entry = self.current(name)
        if entry is None or (cache == YEAR and entry.hashed_name != path[len(PREFIX) :]):
            # Not a file of ours (or an old hashed name after an edit in development).
            start_response("404 Not Found", [("Content-Type", "text/plain; charset=utf-8")])
            return [b"Not found"]
        headers = [
            ("Cache-Control", cache),
            ("ETag", entry.etag),
            ("Vary", "Accept-Encoding"),
            ("X-Content-Type-Options", "nosniff"),
            ("Content-Security-Policy", CSP),  # an SVG opened on its own is a document
            ("X-Frame-Options", "DENY"),
            ("Referrer-Policy", "same-origin"),
        ]
        if entry.etag in environ.get("HTTP_IF_NONE_MATCH", ""):
            start_response("304 Not Modified", headers)
            return []
        body = entry.body
        if entry.gzipped is not None and "gzip" in environ.get("HTTP_ACCEPT_ENCODING", ""):
            body = entry.gzipped
            headers.append(("Content-Encoding", "gzip"))
        headers += [("Content-Type", entry.content_type), ("Content-Length", str(len(body)))]
        start_response("200 OK", headers)
        return [] if environ["REQUEST_METHOD"] == "HEAD" else [body]


def init_app(app: Flask) -> None:
    static = StaticFiles(
        app.wsgi_app, Path(app.static_folder or "static"), watch=app.config["ENV"] != "production"
    )
    app.wsgi_app = static  # type: ignore[method-assign]
    app.extensions["learnlab_static"] = static

    @app.url_defaults
    def hashed_static_names(endpoint: str, values: dict[str, Any]) -> None:
        if endpoint == "static" and "filename" in values:
            values["filename"] = static.url_name(values["filename"])
