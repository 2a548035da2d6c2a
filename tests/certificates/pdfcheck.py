"""Reading a certificate PDF back as a person would: its text, and its QR code from a rendering."""

from __future__ import annotations

import io

import pypdfium2
import zxingcpp
from pypdf import PdfReader


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def page_size_mm(pdf: bytes) -> tuple[float, float]:
    box = PdfReader(io.BytesIO(pdf)).pages[0].mediabox
    return float(box.width) * 25.4 / 72, float(box.height) * 25.4 / 72


def qr_codes(pdf: bytes, dpi: int = 150) -> list[str]:
    """The QR codes found in a rendering of the first page (as a phone camera would see it)."""
    page = pypdfium2.PdfDocument(pdf)[0]
    image = page.render(scale=dpi / 72, grayscale=True).to_pil()
    return [r.text for r in zxingcpp.read_barcodes(image) if r.format == zxingcpp.BarcodeFormat.QRCode]


def colours(pdf: bytes) -> set[tuple[int, int, int]]:
    page = pypdfium2.PdfDocument(pdf)[0]
    image = page.render(scale=1).to_pil().convert("RGB")
    return {c for _n, c in image.getcolors(maxcolors=1 << 20) or []}
