"""The printable certificate: one A4 landscape page, black on white, in the trainee's language.

fpdf2 (pure Python) lays it out; the DejaVu Serif font shipped in learnlab/data/fonts is embedded
(subset to the letters used) because it has every letter of the Kazakh and Kyrgyz alphabets
(ә ғ қ ң ө ұ ү һ і), which the PDF standard fonts lack. segno draws the QR code of the verify
address. No colour carries meaning, so it prints the same in black and white.
"""

from __future__ import annotations

from pathlib import Path

import segno
from flask import url_for
from flask_babel import force_locale, gettext
from fpdf import FPDF

from learnlab.certificates.models import Certificate
from learnlab.i18n import dates

FONTS = Path(__file__).resolve().parent.parent / "data" / "fonts"
FAMILY = "DejaVuSerif"
PAGE_W, PAGE_H = 297, 210  # A4 landscape, millimetres


def verify_url(cert: Certificate) -> str:
    return url_for("certificates.verify", code=cert.code, _external=True)


def filename(cert: Certificate) -> str:
    return f"certificate-{cert.code}.pdf"


def draw_qr(pdf: FPDF, url: str, x: float, y: float, size: float) -> None:
    """The QR code as black rectangles (a run of dark modules in a row is one rectangle): sharp at
    any printer's resolution, and faster than embedding a picture of it."""
    code = segno.make(url, error="m")
    border = 4  # the quiet zone the QR standard asks for, in modules
    rows = [list(row) for row in code.matrix_iter(scale=1, border=border)]
    module = size / len(rows)
    pdf.set_fill_color(0)
    for r, row in enumerate(rows):
        c = 0
        while c < len(row):
            if row[c]:
                start = c
                while c < len(row) and row[c]:
                    c += 1
                pdf.rect(x + start * module, y + r * module, (c - start) * module, module, style="F")
            else:
                c += 1


def render(cert: Certificate, url: str) -> bytes:
    """The PDF's bytes, with every text in the certificate's language."""
    with force_locale(cert.language):
        return _layout(cert, url, cert.language)


def _day(value: object, language: str) -> str:
    return dates.format_day(value, language, dates.zone_for(None))  # type: ignore[arg-type]


def _layout(cert: Certificate, url: str, language: str) -> bytes:
    pdf = FPDF(orientation="landscape", unit="mm", format="A4")
    pdf.set_creator("LearnLab")
    pdf.set_title(gettext("Certificate of completion"))
    pdf.set_lang(language)
    pdf.add_font(FAMILY, "", str(FONTS / "DejaVuSerif.ttf"))
    pdf.add_font(FAMILY, "B", str(FONTS / "DejaVuSerif-Bold.ttf"))
    pdf.set_auto_page_break(False)
    pdf.add_page()
    pdf.set_draw_color(0)
    pdf.set_line_width(1.2)
    pdf.rect(10, 10, PAGE_W - 20, PAGE_H - 20)
    pdf.set_line_width(0.3)
    pdf.rect(14, 14, PAGE_W - 28, PAGE_H - 28)

    def line(text: str, size: float, style: str = "", height: float = 9) -> None:
        pdf.set_font(FAMILY, style, size)
        pdf.set_x(25)
        pdf.multi_cell(PAGE_W - 50, height, text, align="C", new_x="LMARGIN", new_y="NEXT")

    pdf.set_y(26)
    line(cert.organisation, 14)
    line(gettext("Certificate of completion"), 30, "B", 16)
    pdf.ln(3)
    line(gettext("This certifies that"), 13)
    line(cert.trainee_name, 26, "B", 13)
    line(gettext("has completed the course"), 13)
    line(cert.course_title, 18, "B", 10)
    modules = "; ".join(m["title"] for m in cert.modules)
    line(gettext("Modules: %(modules)s", modules=modules), 10, height=5.5)
    pdf.ln(2)
    line(gettext("Completed on %(day)s", day=_day(cert.completed_at, language)), 12, height=7)
    if cert.expires_at:
        line(gettext("Valid until %(day)s", day=_day(cert.expires_at, language)), 12, height=7)

    # Signature block, bottom left.
    pdf.set_line_width(0.3)
    pdf.line(30, 172, 110, 172)
    pdf.set_font(FAMILY, "", 11)
    pdf.set_xy(30, 174)
    pdf.cell(80, 6, cert.signer_name or cert.organisation, align="C")
    pdf.set_xy(30, 180)
    pdf.set_font(FAMILY, "", 9)
    pdf.cell(80, 5, cert.organisation, align="C")

    # Verification, bottom right: the QR code, the identifier and the address.
    qr_size = 38
    qr_x, qr_y = PAGE_W - 30 - qr_size, 140
    draw_qr(pdf, url, qr_x, qr_y, qr_size)
    pdf.set_font(FAMILY, "", 9)
    pdf.set_xy(qr_x - 95, qr_y + 8)
    pdf.multi_cell(90, 5, gettext("Certificate identifier"), align="R", new_x="LEFT", new_y="NEXT")
    pdf.set_font(FAMILY, "B", 12)
    pdf.multi_cell(90, 6, cert.code, align="R", new_x="LEFT", new_y="NEXT")
    pdf.set_font(FAMILY, "", 8)
    pdf.multi_cell(90, 4.5, gettext("Check it at"), align="R", new_x="LEFT", new_y="NEXT")
    pdf.multi_cell(90, 4.5, url, align="R", new_x="LEFT", new_y="NEXT")
    return bytes(pdf.output())
