"""The public verify page, "My certificates", and the home page's notice."""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime, timedelta

from learnlab.certificates.models import Certificate
from learnlab.db import db, write_intent
from tests.certificates.conftest import certificates, finish_alpha


def _set(app, code: str, **values) -> None:  # type: ignore[no-untyped-def]
    with app.app_context(), write_intent():
        cert = db.session.query(Certificate).filter_by(code=code).one()
        for name, value in values.items():
            setattr(cert, name, value)
        db.session.commit()


def test_a_valid_certificate_says_so_to_anyone_with_only_what_it_states(app, auth, course, post):
    finish_alpha(post)
    [cert] = certificates(app)
    auth.logout()
    page = app.test_client().get(f"/verify/{cert.code}").get_data(as_text=True)
    assert "Valid certificate" in page
    assert "Әлия Құрманғазықызы" in page and "State Revenue Committee" in page
    assert "Aigerim Nurlanova" in page
    assert "aliya" not in page  # the username is not on the certificate
    # Typed in lower case with spaces: the same certificate.
    typed = cert.code.lower().replace("-", " ")
    assert "Valid certificate" in app.test_client().get("/verify", query_string={"id": typed}).get_data(
        as_text=True
    )


def test_revoked_shows_the_date_not_the_reason_and_expired_and_replaced_say_so(app, course, post):
    finish_alpha(post)
    [cert] = certificates(app)
    client = app.test_client()
    _set(app, cert.code, expires_at=datetime.now(UTC) - timedelta(days=1))
    assert "Expired certificate" in client.get(f"/verify/{cert.code}").get_data(as_text=True)
    _set(app, cert.code, replaced_at=datetime.now(UTC))
    assert "Replaced certificate" in client.get(f"/verify/{cert.code}").get_data(as_text=True)
    _set(app, cert.code, revoked_at=datetime(2026, 12, 1, 9, tzinfo=UTC), revoked_reason="cheating-secret")
    page = client.get(f"/verify/{cert.code}").get_data(as_text=True)
    assert "Revoked certificate" in page and "1 Dec 2026" in page
    assert "cheating-secret" not in page


def test_unknown_and_malformed_get_the_same_answer(app):
    client = app.test_client()
    unknown = client.get("/verify/ABCD-EFGH-IJKL-MNOP")
    malformed = client.get("/verify/%3Cscript%3E")
    assert unknown.status_code == malformed.status_code == 404

    # The same page but for the address itself (the language switcher links back to it) and the
    # switcher's CSRF token, which carries the second it was signed in (a new second: new token).
    def page(response, address: str) -> str:  # type: ignore[no-untyped-def]
        text = response.get_data(as_text=True).replace(address, "?")
        return re.sub(r'name="csrf_token" value="[^"]+"', 'name="csrf_token" value="?"', text)

    assert page(unknown, "ABCD-EFGH-IJKL-MNOP") == page(malformed, "&lt;script&gt;")
    assert "No such certificate" in unknown.get_data(as_text=True)


def test_unknown_and_malformed_take_the_same_time(app):
    """Both run the same lookup and render the same page: measured alternately (the machine is
    shared and noisy), their medians are close."""
    app.config["VERIFY_LIMIT"] = "1000 per minute"
    client = app.test_client()
    client.get("/verify/x")  # warm up
    times: dict[str, list[float]] = {"ABCD-EFGH-IJKL-MNOP": [], "nonsense": []}
    for _ in range(21):
        for code, seen in times.items():
            start = time.perf_counter()
            client.get(f"/verify/{code}")
            seen.append(time.perf_counter() - start)
    unknown, malformed = (sorted(t)[len(t) // 2] for t in times.values())
    assert abs(unknown - malformed) < max(unknown, malformed) * 0.5 + 0.002


def test_the_verify_page_is_rate_limited(app):
    app.config["VERIFY_LIMIT"] = "3 per minute"
    client = app.test_client()
    statuses = [client.get(f"/verify/ABCD-EFGH-IJKL-MNO{c}").status_code for c in "ABCD"]
    assert statuses == [404, 404, 404, 429]


def test_the_verify_page_is_in_the_readers_language(app):
    page = app.test_client().get("/verify", headers={"Accept-Language": "ru"}).get_data(as_text=True)
    assert "Проверить сертификат" in page


def test_my_certificates_and_the_home_page_show_the_earned_one(app, course, client, post):
    assert "You have earned a certificate" not in client.get("/").get_data(as_text=True)
    finish_alpha(post)
    [cert] = certificates(app)
    home = client.get("/").get_data(as_text=True)
    assert "Вы получили сертификат" in home  # the trainee reads Russian
    mine = client.get("/certificates").get_data(as_text=True)
    assert cert.code in mine and f"/certificates/{cert.code}.pdf" in mine
    pdf = client.get(f"/certificates/{cert.code}.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"


def test_no_one_else_downloads_a_trainees_pdf(app, auth, course, post):
    finish_alpha(post)
    [cert] = certificates(app)
    other = app.test_client()
    auth.create("someone")
    auth.login("someone", client=other)
    assert other.get(f"/certificates/{cert.code}.pdf").status_code == 404
