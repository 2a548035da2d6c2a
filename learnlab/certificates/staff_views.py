"""Staff pages: a cohort's certificates and settings, the ZIP of its PDFs, revoke and reissue.

Administrators only, within their scope (learnlab.admin.scope): a cohort or certificate outside
it is "not found". Every change is audited (learnlab.certificates.service).
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, stream_with_context, url_for
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response

from learnlab import audit
from learnlab.access import ADMIN, roles
from learnlab.admin.forms import ConfirmForm
from learnlab.admin.scope import cohort_or_404, sees_user
from learnlab.admin.views import bp
from learnlab.auth.sessions import audit_refusal
from learnlab.certificates import bundle, pdf, service
from learnlab.certificates.forms import RevokeForm, SettingsForm
from learnlab.certificates.models import Certificate, CertificateSetting
from learnlab.db import db
from learnlab.i18n import gettext as _


def _certificate_or_404(cohort_id: int, certificate_id: int) -> Certificate:
    cohort_or_404(db.session, cohort_id)
    cert = db.session.get(Certificate, certificate_id)
    if cert is None or cert.cohort_id != cohort_id or not sees_user(db.session, cert.user_id):
        audit_refusal("certificate not found or out of scope")
        abort(404)
    return cert


def _cohort_certificates(cohort_id: int) -> list[Certificate]:
    return list(
        db.session.execute(
            select(Certificate)
            .where(Certificate.cohort_id == cohort_id)
            .order_by(Certificate.trainee_name, Certificate.sequence)
        ).scalars()
    )


@bp.get("/cohorts/<int:cohort_id>/certificates")
@roles(ADMIN)
def cohort_certificates(cohort_id: int) -> str:
    cohort = cohort_or_404(db.session, cohort_id)
    own = db.session.get(CertificateSetting, cohort.id)
    certs = _cohort_certificates(cohort.id)
    return render_template(
        "admin/certificates.html",
        cohort=cohort,
        certs=certs,
        parts=bundle.parts(len(_current(certs))),
        state_of=service.state_of,
        settings_form=SettingsForm(obj=own),
        revoke_form=RevokeForm(),
        confirm=ConfirmForm(),
    )


@bp.post("/cohorts/<int:cohort_id>/certificates/settings")
@roles(ADMIN)
def cohort_certificate_settings(cohort_id: int) -> Response | tuple[str, int]:
    cohort = cohort_or_404(db.session, cohort_id)
    form = SettingsForm()
    if not form.validate_on_submit():
        certs = _cohort_certificates(cohort.id)
        return render_template(
            "admin/certificates.html",
            cohort=cohort,
            certs=certs,
            parts=bundle.parts(len(_current(certs))),
            state_of=service.state_of,
            settings_form=form,
            revoke_form=RevokeForm(),
            confirm=ConfirmForm(),
        ), 400
    own = db.session.get(CertificateSetting, cohort.id) or CertificateSetting(cohort_id=cohort.id)
    values = {
        "organisation": form.organisation.data or None,
        "signer_name": form.signer_name.data or None,
        "validity_months": form.validity_months.data,
        "course_title": form.course_title.data or None,
    }
    for name, value in values.items():
        setattr(own, name, value)
    db.session.add(own)
    audit.record(
        db.session,
        "certificate.settings",
        actor_id=current_user.id,
        target_type="cohort",
        target_id=cohort.id,
        details=values,
    )
    db.session.commit()
    flash(_("Saved. New certificates of this cohort will use these settings."), "success")
    return redirect(url_for("admin.cohort_certificates", cohort_id=cohort.id))


def _current(certs: list[Certificate]) -> list[Certificate]:
    return [c for c in certs if c.revoked_at is None and c.replaced_at is None]


@bp.get("/cohorts/<int:cohort_id>/certificates.zip")
@roles(ADMIN)
def cohort_certificates_zip(cohort_id: int) -> Response:
    """The current certificates as one ZIP, ``ZIP_PART`` at a time (``?part=2`` for the next):
    a PDF takes about 0.15 s to make, and a part must finish well inside the server's 30-second
    worker timeout."""
    cohort = cohort_or_404(db.session, cohort_id)
    part = request.args.get("part", 1, type=int) or 1
    current = _current(_cohort_certificates(cohort.id))
    parts = max(1, -(-len(current) // bundle.ZIP_PART))
    if not 1 <= part <= parts:
        abort(404)
    certs = current[(part - 1) * bundle.ZIP_PART : part * bundle.ZIP_PART]
    db.session.commit()  # end the read transaction: the stream takes a while

    def render(cert: Certificate) -> bytes:
        return pdf.render(cert, pdf.verify_url(cert))

    return Response(
        stream_with_context(bundle.stream_zip(certs, render)),
        mimetype="application/zip",
        headers={
            "Content-Disposition": (
                f'attachment; filename="certificates-cohort-{cohort.id}-{part}-of-{parts}.zip"'
            )
        },
    )


@bp.post("/cohorts/<int:cohort_id>/certificates/<int:certificate_id>/revoke")
@roles(ADMIN)
def certificate_revoke(cohort_id: int, certificate_id: int) -> Response:
    cert = _certificate_or_404(cohort_id, certificate_id)
    form = RevokeForm()
    if not form.validate_on_submit():
        flash(_("Give the reason for revoking the certificate."), "error")
    elif service.revoke(db.session, cert, form.reason.data or "", actor_id=current_user.id):
        db.session.commit()
        flash(_("Certificate %(code)s revoked.", code=cert.code), "success")
    return redirect(url_for("admin.cohort_certificates", cohort_id=cohort_id))


@bp.post("/cohorts/<int:cohort_id>/certificates/<int:certificate_id>/reissue")
@roles(ADMIN)
def certificate_reissue(cohort_id: int, certificate_id: int) -> Response:
    cert = _certificate_or_404(cohort_id, certificate_id)
    if ConfirmForm().validate_on_submit():
        new = service.reissue(db.session, cert, actor_id=current_user.id)
        if new is not None:
            db.session.commit()
            flash(
                _("Reissued as %(code)s; the old certificate now shows as replaced.", code=new.code),
                "success",
            )
    return redirect(url_for("admin.cohort_certificates", cohort_id=cohort_id))
