"""Stable ids for modules, sections, knowledge checks and questions."""

from __future__ import annotations

import re
import unicodedata

ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# "## Heading text {#explicit-id}" -> ("Heading text", "explicit-id"); other attributes are allowed
HEADING_ID_RE = re.compile(r"^(?P<text>.*?)\s*\{(?P<attrs>[^{}]*)\}\s*$")


def is_valid_id(value: str) -> bool:
    return bool(ID_RE.match(value))


def slugify(text: str) -> str:
    """Derive an id from heading text: ASCII letters and digits joined by single hyphens."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def split_heading(raw: str) -> tuple[str, str | None, str]:
    """Split ``Heading {#id .cls}`` into (heading text, explicit id or None, the raw attrs).

    Used for sections, questions and knowledge checks alike.
    """
    m = HEADING_ID_RE.match(raw.strip())
    if not m:
        return raw.strip(), None, ""
    attrs = m.group("attrs")
    explicit = next((a[1:] for a in attrs.split() if a.startswith("#")), None)
    return m.group("text").strip(), explicit, attrs
