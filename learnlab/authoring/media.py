"""Pictures a trainer uploads into a module's media/ folder: PNG, JPEG or SVG, checked by content.

The type is decided by the file's first bytes, never by its name or the browser's word. An SVG is
parsed with defusedxml (no entities, no external references resolved) and rebuilt from an
allowlist of drawing elements and attributes: no script, no event handler, no foreign object, no
link or style that reaches outside the picture itself.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET  # nosec B405 - only to build and serialise; parsing is defusedxml's
from dataclasses import dataclass

from defusedxml import ElementTree as SafeET
from defusedxml.common import DefusedXmlException

from learnlab.i18n import gettext as _

MAX_BYTES = 2 * 1024 * 1024
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
JPEG_MAGIC = b"\xff\xd8\xff"
NAME_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,79}$")
SUFFIXES = {"png": (".png",), "jpeg": (".jpg", ".jpeg"), "svg": (".svg",)}

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
XML_NS = "http://www.w3.org/XML/1998/namespace"

_ELEMENTS_WORDS = """
    svg g defs title desc symbol use path rect circle ellipse line polyline polygon text
    tspan textPath linearGradient radialGradient stop clipPath mask marker pattern
"""
ELEMENTS = frozenset(_ELEMENTS_WORDS.split())
_ATTRIBUTES_WORDS = """
    id class viewBox width height x y x1 y1 x2 y2 cx cy r rx ry fx fy d points transform
    preserveAspectRatio version fill fill-opacity fill-rule stroke stroke-width
    stroke-linecap stroke-linejoin stroke-dasharray stroke-dashoffset stroke-opacity
    stroke-miterlimit opacity color display visibility font-family font-size font-weight
    font-style text-anchor dominant-baseline letter-spacing dx dy offset stop-color
    stop-opacity gradientUnits gradientTransform spreadMethod clip-path clip-rule
    clipPathUnits mask maskUnits marker-start marker-mid marker-end markerWidth markerHeight
    refX refY orient markerUnits patternUnits patternTransform role aria-label aria-hidden
    href style vector-effect shape-rendering text-rendering xml:space xml:lang
"""
ATTRIBUTES = frozenset(_ATTRIBUTES_WORDS.split())
# A reference may only point inside the picture: url(#id) or #id.
_URL_RE = re.compile(r"url\s*\(", re.IGNORECASE)
_LOCAL_URL_RE = re.compile(r"url\(\s*#[A-Za-z0-9_.:-]+\s*\)")
_STYLE_BAD_RE = re.compile(r"@import|expression|javascript:|\\|<", re.IGNORECASE)


class MediaError(ValueError):
    """The file is refused; the message says why, for the trainer."""


@dataclass(frozen=True)
class Picture:
    name: str  # the file name to store, e.g. seal-diagram.png
    data: bytes


def kind_of(data: bytes) -> str | None:
    if data.startswith(PNG_MAGIC):
        return "png"
    if data.startswith(JPEG_MAGIC):
        return "jpeg"
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<?xml", b"<svg", b"<!--")) and b"<svg" in data[:4096].lower():
        return "svg"
    return None


def checked_picture(filename: str, data: bytes) -> Picture:
    """The picture to store, or MediaError with the reason."""
    if len(data) > MAX_BYTES:
        raise MediaError(_("The file is larger than %(size)s MB.", size=MAX_BYTES // (1024 * 1024)))
    if not data:
        raise MediaError(_("The file is empty."))
    stem, dot, suffix = filename.strip().rpartition(".")
    stem = re.sub(r"[^a-z0-9_-]+", "-", stem.lower()).strip("-_")
    suffix = "." + suffix.lower() if dot else ""
    if not NAME_RE.match(stem):
        raise MediaError(_("Name the file with letters, digits and hyphens, e.g. seal-diagram.png."))
    kind = kind_of(data)
    if kind is None:
        raise MediaError(_("The file is not a PNG, JPEG or SVG picture."))
    if suffix not in SUFFIXES[kind]:
        raise MediaError(
            _(
                "The file's content is %(kind)s but its name ends in '%(suffix)s'.",
                kind=kind.upper(),
                suffix=suffix,
            )
        )
    if kind == "svg":
        data = clean_svg(data)
    return Picture(stem + suffix, data)


def clean_svg(data: bytes) -> bytes:
    """The SVG rebuilt from allowed elements and attributes only (MediaError if it cannot be read)."""
    try:
        root = SafeET.fromstring(data, forbid_dtd=True)
    except (ET.ParseError, DefusedXmlException) as exc:
        raise MediaError(_("The SVG file cannot be read: %(reason)s", reason=str(exc))) from exc
    if root.tag != f"{{{SVG_NS}}}svg":
        raise MediaError(_("The file is not an SVG picture (its first element is not <svg>)."))
    clean = _copy(root)
    if clean is None:  # cannot happen: the root was just found to be an <svg>
        raise MediaError(_("The file is not an SVG picture (its first element is not <svg>)."))
    ET.register_namespace("", SVG_NS)
    ET.register_namespace("xlink", XLINK_NS)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(
        clean, encoding="utf-8", xml_declaration=False
    )


def _local(name: str) -> tuple[str | None, str]:
    if name.startswith("{"):
        ns, _, local = name[1:].partition("}")
        return ns, local
    return None, name


def _copy(element: ET.Element) -> ET.Element | None:
    ns, tag = _local(element.tag) if isinstance(element.tag, str) else (None, "")
    if ns != SVG_NS or tag not in ELEMENTS:
        return None  # with everything inside it: a <script>, <foreignObject>, <image>, <a>, <style>
    copy = ET.Element(element.tag)
    for name, value in element.attrib.items():
        kept = _attribute(name, value)
        if kept is not None:
            copy.set(*kept)
    copy.text = element.text
    for child in element:
        cleaned = _copy(child)
        if cleaned is not None:
            cleaned.tail = child.tail
            copy.append(cleaned)
        elif len(copy) and child.tail:
            copy[-1].tail = (copy[-1].tail or "") + child.tail
    return copy


def _attribute(name: str, value: str) -> tuple[str, str] | None:
    ns, local = _local(name)
    if ns == XLINK_NS and local == "href":
        name, local, ns = "href", "href", None
    elif ns == XML_NS:
        local = f"xml:{local}"
    elif ns is not None:
        return None
    if local not in ATTRIBUTES:
        return None  # onload, onclick and every other handler are simply not on the list
    if local == "href":
        return (name, value) if value.startswith("#") and "(" not in value else None
    if len(_URL_RE.findall(value)) != len(_LOCAL_URL_RE.findall(value)):
        return None  # a url(...) that is not url(#id): it would reach outside the picture
    if local == "style" and _STYLE_BAD_RE.search(value):
        return None
    return name, value
