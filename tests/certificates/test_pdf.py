"""The PDF: A4 landscape, black and white, the trainee's language and letters, a QR code that
leads to the verify page."""

from __future__ import annotations

from urllib.parse import urlsplit

from tests.certificates.conftest import certificates, finish_alpha
from tests.certificates.pdfcheck import colours, page_size_mm, qr_codes, text_of

KAZAKH_LETTERS = "әғқңөұүһі"


def test_the_pdf_states_the_certificate_in_russian_and_its_qr_leads_to_valid(app, course, client, post):
    finish_alpha(post)
    [cert] = certificates(app)
    pdf = client.get(f"/certificates/{cert.code}.pdf").data
    width, height = page_size_mm(pdf)
    assert round(width) == 297 and round(height) == 210
    text = text_of(pdf)
    assert "Әлия Құрманғазықызы" in text  # the Kazakh letters are in the font and in the text
    assert "Сертификат" in text  # the trainee's language
    assert cert.code in text and "Aigerim Nurlanova" in text and "State Revenue Committee" in text
    assert "Действителен до" in text  # the expiry, two years on
    [url] = qr_codes(pdf)
    assert url == f"http://localhost/verify/{cert.code}"
    page = app.test_client().get(urlsplit(url).path).get_data(as_text=True)
    assert "Valid certificate" in page or "Действительный сертификат" in page


def test_every_kazakh_and_kyrgyz_letter_renders(app, auth, course, post):
    from learnlab.auth.models import User
    from learnlab.db import db, write_intent

    name = "Test " + KAZAKH_LETTERS + KAZAKH_LETTERS.upper()
    with app.app_context(), write_intent():
        db.session.get(User, course.trainee_id).display_name = name
        db.session.commit()
    finish_alpha(post)
    [cert] = certificates(app)
    with app.test_request_context():
        from learnlab.certificates import pdf

        data = pdf.render(cert, pdf.verify_url(cert))
    assert name in text_of(data)


def test_the_pdf_is_black_and_white_friendly(app, course, client, post):
    finish_alpha(post)
    [cert] = certificates(app)
    pdf = client.get(f"/certificates/{cert.code}.pdf").data
    assert all(r == g == b for r, g, b in colours(pdf)), "greys only: it prints the same in black and white"
