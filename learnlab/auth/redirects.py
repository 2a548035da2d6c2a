"""Where to go after signing in: only ever a path on this site."""

from __future__ import annotations

from urllib.parse import unquote, urlsplit

from flask import request


def safe_next(target: str | None, default: str) -> str:
    """Return ``target`` if it is a local path, else ``default``.

    Browsers treat ``//host``, ``/\\host`` and ``\\\\host`` as other sites, ignore leading
    whitespace and control characters, and some decode ``%2F``; all of those are refused.
    """
    if not target:
        return default
    decoded = unquote(target)
    # Control characters and spaces, raw or percent-encoded: browsers drop some of them
    # ("/\t/evil.example" is "//evil.example") and a proxy may decode the others.
    if any(ord(c) < 0x21 or c == "\x7f" for c in target + decoded):
        return default
    if "\\" in decoded or not decoded.startswith("/") or decoded.startswith("//"):
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return default
    return target


def current_page() -> str | None:
    """This page's path and query, to come back to after signing in or switching language.

    A page that answered a POST (a form with errors, a quiz submitted after the idle timeout)
    cannot be opened again with GET: its place is taken by the page the form was on, when the
    Referer names a page of this site. None when there is none.
    """
    if request.method == "GET":
        return request.full_path.rstrip("?")
    referrer = urlsplit(request.referrer or "")
    if referrer.netloc != request.host or not referrer.path.startswith("/"):
        return None
    return referrer.path + (f"?{referrer.query}" if referrer.query else "")
