"""Uploaded pictures: the type comes from the bytes, SVG keeps its drawing and loses anything active."""

from __future__ import annotations

import pytest

from learnlab.authoring.media import MAX_BYTES, PNG_MAGIC, MediaError, checked_picture, clean_svg

PNG = PNG_MAGIC + b"\x00\x00\x00\rIHDR" + b"\x00" * 20
SVG = b"""<?xml version="1.0"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10"
     onload="alert(1)">
  <title>Seal</title>
  <script>alert(2)</script>
  <defs><linearGradient id="g"><stop offset="0" stop-color="red"/></linearGradient></defs>
  <rect width="10" height="10" fill="url(#g)" onclick="alert(3)" style="fill: red"/>
  <circle r="2" fill="url(https://evil.example/x)"/>
  <a href="javascript:alert(4)"><text>click</text></a>
  <use xlink:href="https://evil.example/x.svg#a"/>
  <use xlink:href="#g"/>
  <foreignObject><div xmlns="http://www.w3.org/1999/xhtml">hi</div></foreignObject>
  <image href="https://evil.example/tracker.png"/>
  <style>@import url(https://evil.example/x.css);</style>
  <path d="M0 0L10 10" style="background: url(https://evil.example/y)"/>
</svg>"""


def test_png_jpeg_and_svg_are_recognised_by_their_bytes() -> None:
    assert checked_picture("Seal Photo.PNG", PNG).name == "seal-photo.png"
    assert checked_picture("x.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 10).name == "x.jpg"
    assert checked_picture("d.svg", SVG).name == "d.svg"


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("seal.png", b"GIF89a....", "not a PNG, JPEG or SVG"),
        ("seal.png", b"<html><script>alert(1)</script></html>", "not a PNG, JPEG or SVG"),
        ("seal.svg", PNG, "content is PNG"),
        ("seal.png", b"", "empty"),
        ("seal.png", PNG + b"\x00" * MAX_BYTES, "larger than 2 MB"),
        ("../../etc/passwd.png", PNG, None),
        (".png", PNG, "Name the file"),
        (
            "bomb.svg",
            b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaa">]><svg xmlns="http://www.w3.org/2000/svg">&a;</svg>',
            "cannot be read",
        ),
        ("x.svg", b'<svg xmlns="http://www.w3.org/1999/xhtml"></svg>', "not an SVG"),
    ],
)
def test_bad_uploads_are_refused_with_a_reason(name: str, data: bytes, reason: str | None) -> None:
    if reason is None:  # a path in the name is flattened into a plain file name
        assert checked_picture(name, data).name == "etc-passwd.png"
        return
    with pytest.raises(MediaError, match=reason):
        checked_picture(name, data)


def test_svg_keeps_the_drawing_and_loses_scripts_handlers_and_outside_references() -> None:
    out = clean_svg(SVG).decode()
    for gone in (
        "script",
        "alert",
        "onload",
        "onclick",
        "evil.example",
        "foreignObject",
        "<image",
        "<style",
        "javascript",
    ):
        assert gone not in out, gone
    for kept in (
        'viewBox="0 0 10 10"',
        "<title>Seal</title>",
        'fill="url(#g)"',
        'style="fill: red"',
        'href="#g"',
        'd="M0 0L10 10"',
    ):
        assert kept in out, kept
    assert out.count("<circle") == 1 and "fill=" not in out.split("<circle")[1].split(">")[0]
