"""Staff: list a cohort's certificates, ZIP of PDFs, revoke (audited), reissue after a name
correction, settings; scoped administrators see only their own countries' cohorts."""

from __future__ import annotations

import io
import zipfile

from sqlalchemy import select

from learnlab.audit import AuditEvent
from learnlab.auth.models import User
from learnlab.db import db, write_intent
from tests.certificates.conftest import certificates, join, make_cohort
from tests.certificates.pdfcheck import qr_codes, text_of
from tests.helpers import csrf_from


def _finished_trainees(app, auth, cohort_id: int, names: list[str]) -> None:  # type: ignore[no-untyped-def]
    for name in names:
        client = app.test_client()
        user = auth.create(name, display_name=name.title(), country="KZ")
        join(app, cohort_id, user.id)
        auth.login(name, client=client)
        token = csrf_from(client.get("/").get_data(as_text=True))
        for section in ("seals", "numbers", "summary"):
            client.post(f"/modules/alpha/{section}/done", data={"done": "1", "csrf_token": token})


def _audit(app, action: str) -> list[AuditEvent]:  # type: ignore[no-untyped-def]
    with app.app_context():
        return list(db.session.execute(select(AuditEvent).where(AuditEvent.action == action)).scalars())


def test_admin_lists_zips_revokes_and_reissues(app, auth, client, post):
    cohort = make_cohort(app)
    _finished_trainees(app, auth, cohort, ["aliya", "arman"])
    auth.as_role("admin")
    page = client.get(f"/admin/cohorts/{cohort}/certificates").get_data(as_text=True)
    first, second = certificates(app)
    assert first.code in page and second.code in page

    archive = zipfile.ZipFile(io.BytesIO(client.get(f"/admin/cohorts/{cohort}/certificates.zip").data))
    names = sorted(archive.namelist())
    assert names == sorted([f"Aliya - {first.code}.pdf", f"Arman - {second.code}.pdf"])
    pdf = archive.read(f"Aliya - {first.code}.pdf")
    assert "Aliya" in text_of(pdf) and qr_codes(pdf) == [f"http://localhost/verify/{first.code}"]

    # Revoke needs a reason; the reason is audited and shown to staff, never publicly.
    assert post(f"/admin/cohorts/{cohort}/certificates/{first.id}/revoke", {"reason": ""}).status_code == 302
    assert certificates(app)[0].revoked_at is None
    post(f"/admin/cohorts/{cohort}/certificates/{first.id}/revoke", {"reason": "Exam taken by someone else"})
    assert certificates(app)[0].revoked_at is not None
    [event] = _audit(app, "certificate.revoked")
    assert event.details["reason"] == "Exam taken by someone else" and event.target_id == str(first.id)
    public = app.test_client().get(f"/verify/{first.code}").get_data(as_text=True)
    assert "Revoked certificate" in public and "someone else" not in public

    # A name correction, then a reissue: the old one shows as replaced, the new one carries the name.
    with app.app_context(), write_intent():
        db.session.get(User, second.user_id).display_name = "Arman Seitkali"
        db.session.commit()
    post(f"/admin/cohorts/{cohort}/certificates/{second.id}/reissue")
    old, new = [c for c in certificates(app) if c.user_id == second.user_id]
    assert old.replaced_by_id == new.id and new.trainee_name == "Arman Seitkali" and new.sequence == 2
    assert new.completed_at == old.completed_at and new.modules == old.modules
    assert "Replaced certificate" in app.test_client().get(f"/verify/{old.code}").get_data(as_text=True)
    assert "Valid certificate" in app.test_client().get(f"/verify/{new.code}").get_data(as_text=True)
    assert _audit(app, "certificate.reissued")
    # The ZIP now holds only current certificates.
    archive = zipfile.ZipFile(io.BytesIO(client.get(f"/admin/cohorts/{cohort}/certificates.zip").data))
    assert archive.namelist() == [f"Arman Seitkali - {new.code}.pdf"]


def test_settings_apply_to_certificates_issued_afterwards(app, auth, client, post):
    cohort = make_cohort(app)
    auth.as_role("admin")
    response = post(
        f"/admin/cohorts/{cohort}/certificates/settings",
        {
            "organisation": "Customs Academy",
            "signer_name": "B. Director",
            "validity_months": "36",
            "course_title": "",
        },
    )
    assert response.status_code == 302
    assert _audit(app, "certificate.settings")
    _finished_trainees(app, auth, cohort, ["dana"])
    [cert] = certificates(app)
    assert (cert.organisation, cert.signer_name) == ("Customs Academy", "B. Director")
    assert cert.expires_at.year == cert.completed_at.year + 3
    bad = post(f"/admin/cohorts/{cohort}/certificates/settings", {"validity_months": "-4"})
    assert bad.status_code == 400


def test_a_scoped_admin_cannot_reach_another_countrys_certificates(app, auth, client, post):
    cohort = make_cohort(app)  # a KZ cohort
    _finished_trainees(app, auth, cohort, ["aliya"])
    [cert] = certificates(app)
    auth.as_role("admin", "admin-kg", country="KG", scope_country="KG")
    assert client.get(f"/admin/cohorts/{cohort}/certificates").status_code == 404
    assert client.get(f"/admin/cohorts/{cohort}/certificates.zip").status_code == 404
    response = post(f"/admin/cohorts/{cohort}/certificates/{cert.id}/revoke", {"reason": "x"})
    assert response.status_code == 404
    assert certificates(app)[0].revoked_at is None


def test_a_certificate_of_another_cohort_is_not_found_under_this_one(app, auth, client, post):
    cohort = make_cohort(app)
    other = make_cohort(app, "Other")
    _finished_trainees(app, auth, cohort, ["aliya"])
    [cert] = certificates(app)
    auth.as_role("admin")
    assert post(f"/admin/cohorts/{other}/certificates/{cert.id}/revoke", {"reason": "x"}).status_code == 404


def test_a_large_cohorts_zip_comes_in_parts(app, auth, client, monkeypatch):
    from learnlab.certificates import bundle

    monkeypatch.setattr(bundle, "ZIP_PART", 2)
    cohort = make_cohort(app)
    _finished_trainees(app, auth, cohort, ["a1", "a2", "a3"])
    auth.as_role("admin")
    page = client.get(f"/admin/cohorts/{cohort}/certificates").get_data(as_text=True)
    assert "Certificates 1 to 2" in page and "Certificates 3 to 3" in page
    first = zipfile.ZipFile(io.BytesIO(client.get(f"/admin/cohorts/{cohort}/certificates.zip?part=1").data))
    second = zipfile.ZipFile(io.BytesIO(client.get(f"/admin/cohorts/{cohort}/certificates.zip?part=2").data))
    assert len(first.namelist()) == 2 and len(second.namelist()) == 1
    assert set(first.namelist()).isdisjoint(second.namelist())
    assert client.get(f"/admin/cohorts/{cohort}/certificates.zip?part=3").status_code == 404


def test_a_cohort_with_certificates_cannot_be_deleted_one_without_can(app, auth, client, post):
    from learnlab.admin.models import Cohort

    issued = make_cohort(app)
    _finished_trainees(app, auth, issued, ["aliya"])
    empty = make_cohort(app, "Empty", validity_months=12)  # with settings of its own
    auth.as_role("admin")
    post(
        f"/admin/cohorts/{issued}/delete",
        {"confirm_name": "KZ spring"},
        token_page=f"/admin/cohorts/{issued}/edit",
    )
    post(
        f"/admin/cohorts/{empty}/delete", {"confirm_name": "Empty"}, token_page=f"/admin/cohorts/{empty}/edit"
    )
    with app.app_context():
        remaining = set(db.session.execute(select(Cohort.id)).scalars())
    assert remaining == {issued}
    assert len(certificates(app)) == 1
