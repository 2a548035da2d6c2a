"""The public verify page, and the trainee's "My certificates" with the PDF downloads."""

from __future__ import annotations

from flask import Blueprint, Flask, Response, abort, current_app, jsonify, render_template, request
from flask_login import current_user

from learnlab.access import public, signed_in
from learnlab.certificates import codes, credential, pdf, service
from learnlab.certificates.forms import CredentialForm
from learnlab.certificates.models import Certificate
from learnlab.db import db

bp = Blueprint("certificates", __name__)

# Looked up in place of an identifier that cannot be one, so that a malformed identifier costs
# the same query (and so the same time) as an unknown one, and gets the same answer.
_NO_SUCH_CODE = "----"


@bp.get("/verify")
@public
def verify_form() -> tuple[str, int] | str:
    typed = request.args.get("id", "")
    if not typed:
        return render_template(
            "certificates/verify.html", cert=None, typed="", searched=False, form=CredentialForm()
        )
    return _answer(typed)


@bp.get("/verify/<code>")
@public
def verify(code: str) -> tuple[str, int] | str:
    return _answer(code)


def _answer(typed: str) -> tuple[str, int] | str:
    code = codes.normalise(typed)
    cert = service.by_code(db.session, code or _NO_SUCH_CODE)
    if cert is None:
        return render_template(
            "certificates/verify.html", cert=None, typed="", searched=True, form=CredentialForm()
        ), 404
    return render_template(
        "certificates/verify.html",
        cert=cert,
        state=service.state_of(cert),
        typed=cert.code,
        searched=True,
        form=CredentialForm(),
    )


@bp.post("/verify/credential")
@public
def verify_credential() -> tuple[str, int] | str:
    """Check an uploaded Open Badges credential: our signature, intact, then the certificate's
    state now (revoked, replaced or expired since it was issued)."""
    form = CredentialForm()
    checked = None
    if form.validate_on_submit():
        raw = form.credential.data.read(64 * 1024 + 1)
        if len(raw) <= 64 * 1024:
            checked = credential.check(raw.decode("utf-8", "replace"))
    cert = service.by_code(db.session, checked.code) if checked and checked.code else None
    if checked is None or cert is None:
        return render_template("certificates/credential_check.html", cert=None, form=form), 400
    return render_template(
        "certificates/credential_check.html", cert=cert, state=service.state_of(cert), form=form
    )


@bp.get("/.well-known/jwks.json")
@public
def jwks() -> Response:
    """The public key that checks every credential's signature (Open Badges 3.0: a JWK Set at
    the well-known address)."""
    response = jsonify(credential.jwks())
    response.mimetype = "application/jwk-set+json"
    response.headers["Cache-Control"] = "public, max-age=3600"
    return response


@bp.get("/certificates")
@signed_in
def mine() -> str:
    certs = service.of_user(db.session, current_user.id)
    return render_template("certificates/mine.html", certs=certs, state_of=service.state_of)


@bp.get("/certificates/<code>.pdf")
@signed_in
def download(code: str) -> Response:
    cert = _own_or_404(code)
    return pdf_response(cert)


@bp.get("/certificates/<code>.jws")
@signed_in
def credential_download(code: str) -> Response:
    """The Open Badges 3.0 credential: a Compact JWS, in a file a wallet or verifier reads."""
    cert = _own_or_404(code)
    return Response(
        credential.sign(cert),
        mimetype="application/jwt",
        headers={"Content-Disposition": f'attachment; filename="certificate-{cert.code}.jws"'},
    )


def _own_or_404(code: str) -> Certificate:
    normal = codes.normalise(code)
    cert = service.by_code(db.session, normal) if normal else None
    if cert is None or cert.user_id != current_user.id:
        abort(404)
    return cert


def pdf_response(cert: Certificate) -> Response:
    body = pdf.render(cert, pdf.verify_url(cert))
    return Response(
        body,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{pdf.filename(cert)}"'},
    )


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    # Rate-limited per address like the sign-in form: the identifiers cannot be guessed, and the
    # limit keeps anyone from trying.
    limiter = app.extensions["learnlab.limiter"]
    for endpoint in ("certificates.verify", "certificates.verify_form", "certificates.verify_credential"):
        app.view_functions[endpoint] = limiter.limit(
            lambda: str(current_app.config["VERIFY_LIMIT"]), scope="certificate-verify"
        )(app.view_functions[endpoint])
