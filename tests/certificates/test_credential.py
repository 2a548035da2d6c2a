"""The Open Badges 3.0 credential: valid against the specification's JSON schema, signed with the
platform's Ed25519 key (published as a JWK Set), checked by the verify page."""

from __future__ import annotations

import base64
import io
import json
from pathlib import Path

import jsonschema
import pytest
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet

from tests.certificates.conftest import certificates, finish_alpha

SCHEMA = json.loads(
    (Path(__file__).parent.parent / "data" / "openbadges" / "achievementcredential.json").read_text()
)


def _part(token: str, index: int) -> dict:  # type: ignore[type-arg]
    segment = token.split(".")[index]
    return json.loads(base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4)))


def _download(app, course, client, post) -> tuple[str, object]:  # type: ignore[no-untyped-def]
    finish_alpha(post)
    [cert] = certificates(app)
    response = client.get(f"/certificates/{cert.code}.jws")
    assert response.status_code == 200
    assert f'filename="certificate-{cert.code}.jws"' in response.headers["Content-Disposition"]
    return response.get_data(as_text=True), cert


def test_the_credential_matches_the_specifications_schema_and_states_the_certificate(
    app, course, client, post
):
    token, cert = _download(app, course, client, post)
    payload = _part(token, 1)
    jsonschema.Draft201909Validator(SCHEMA, format_checker=jsonschema.FormatChecker()).validate(payload)
    assert set(payload["type"]) == {"VerifiableCredential", "OpenBadgeCredential"}
    assert payload["@context"][0] == "https://www.w3.org/ns/credentials/v2"
    assert payload["jti"] == payload["id"] == f"http://localhost/verify/{cert.code}"
    assert payload["iss"] == payload["issuer"]["id"] and payload["sub"] == payload["credentialSubject"]["id"]
    assert payload["nbf"] == int(cert.issued_at.timestamp()) and payload["exp"] == int(
        cert.expires_at.timestamp()
    )
    assert payload["credentialSubject"]["identifier"][0]["identityHash"] == "Әлия Құрманғазықызы"
    assert payload["issuer"]["name"] == "State Revenue Committee"
    header = _part(token, 0)
    assert set(header) == {"alg", "kid", "typ"} and header["alg"] == "EdDSA"


@pytest.mark.filterwarnings("ignore:EdDSA is deprecated")  # RFC 9864's new name; see credential.py
def test_the_signature_verifies_with_the_published_key_and_fails_after_one_byte_changes(
    app, course, client, post
):
    token, _cert = _download(app, course, client, post)
    published = app.test_client().get("/.well-known/jwks.json")
    assert published.mimetype == "application/jwk-set+json"
    keys = published.get_json()
    assert all("d" not in k for k in keys["keys"])  # never the private part
    key_set = KeySet.import_key_set(keys)
    kid = _part(token, 0)["kid"]
    assert kid.startswith("http://localhost/.well-known/jwks.json#")
    key = key_set.get_by_kid(kid.split("#", 1)[1])
    assert jwt.decode(token, key, algorithms=["EdDSA"]).claims["jti"].endswith(_cert.code)
    # One byte of the payload changed (a letter of the name), and the signature no longer holds.
    head, body, signature = token.split(".")
    changed = body[:40] + ("A" if body[40] != "A" else "B") + body[41:]
    for forged in (
        f"{head}.{changed}.{signature}",
        token[:-3] + ("x" if token[-3] != "x" else "y") + token[-2:],
    ):
        with pytest.raises(JoseError):
            jwt.decode(forged, key, algorithms=["EdDSA"])


def _upload(client, token: str):  # type: ignore[no-untyped-def]
    from tests.helpers import csrf_from

    csrf = csrf_from(client.get("/verify").get_data(as_text=True))
    data = {"csrf_token": csrf, "credential": (io.BytesIO(token.encode()), "certificate.jws")}
    return client.post("/verify/credential", data=data, content_type="multipart/form-data")


def test_the_verify_page_checks_an_uploaded_credential_and_its_status(app, course, client, post):
    from datetime import UTC, datetime

    from learnlab.certificates.models import Certificate
    from learnlab.db import db, write_intent

    token, cert = _download(app, course, client, post)
    reader = app.test_client()
    good = _upload(reader, token)
    assert good.status_code == 200 and "The signature is genuine" in good.get_data(as_text=True)
    assert "Valid certificate" in good.get_data(as_text=True)
    head, body, signature = token.split(".")
    forged = _upload(reader, f"{head}.{body[:-2]}{'A' if body[-2] != 'A' else 'B'}{body[-1]}.{signature}")
    assert forged.status_code == 400 and "Not a genuine credential" in forged.get_data(as_text=True)
    with app.app_context(), write_intent():
        db.session.query(Certificate).filter_by(id=cert.id).one().revoked_at = datetime.now(UTC)
        db.session.commit()
    revoked = _upload(reader, token).get_data(as_text=True)
    assert "The signature is genuine" in revoked and "was revoked on" in revoked


def test_the_key_is_made_once_and_kept(app):
    from learnlab.certificates import credential

    with app.test_request_context():
        first = credential.public_jwk()
        second = credential.public_jwk()
    assert first == second
    assert Path(app.config["CERTIFICATE_KEY_FILE"]).read_bytes().startswith(b"-----BEGIN PRIVATE KEY-----")
