"""The certificate as an Open Badges 3.0 ``OpenBadgeCredential``, signed as a VC-JWT.

Following the 1EdTech Open Badges 3.0 specification, section "JSON Web Token Proof Format":

* the JWT payload is the credential itself plus the claims ``iss`` (issuer.id), ``jti`` (id),
  ``nbf`` (validFrom), ``sub`` (credentialSubject.id) and ``exp`` (validUntil, when it expires);
* the JOSE header has only ``alg``, ``kid`` and ``typ``; ``kid`` is a URI that dereferences to
  the public key: an entry of the JWK Set at ``/.well-known/jwks.json``, where the
  implementation guide says issuers publish their keys;
* the signature is Ed25519 (``EdDSA``), made and checked by joserfc, never by code of ours.

The key is generated once, on first use, into the instance folder (``CERTIFICATE_KEY_FILE``)
and kept: every credential ever issued is checked against it. It is written to a temporary file
and linked into place, so two workers starting at once end up with one key, not two.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
import uuid
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import current_app, url_for
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import OKPKey

from learnlab.certificates.models import Certificate

ALGORITHM = "EdDSA"  # Ed25519; what Open Badges wallets and verifiers understand today
CONTEXT = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]
SUBJECT_NAMESPACE = uuid.UUID("6f1d6a52-1c1e-4f55-9d0e-0b7c2f6a9e31")  # LearnLab certificate holders


def _quiet(call: Any, *args: Any, **kwargs: Any) -> Any:
    # joserfc warns that RFC 9864 prefers the algorithm name "Ed25519"; the same signature under
    # the name "EdDSA" is what today's Open Badges verifiers accept.
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="EdDSA is deprecated")
        return call(*args, **kwargs)


def _key_path() -> Path:
    return Path(current_app.config["CERTIFICATE_KEY_FILE"])


def signing_key() -> OKPKey:
    """The platform's Ed25519 key, generated the first time it is needed and kept."""
    path = _key_path()
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        key = OKPKey.generate_key("Ed25519")
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".key-")
        try:
            os.write(fd, key.as_pem(private=True))
            os.close(fd)
            with contextlib.suppress(FileExistsError):  # another process made the key first
                os.link(temporary, path)
        finally:
            os.unlink(temporary)
    return OKPKey.import_key(path.read_bytes())


def public_jwk() -> dict[str, Any]:
    key = signing_key()
    return {**key.as_dict(private=False), "kid": key.thumbprint(), "alg": ALGORITHM, "use": "sig"}


def jwks() -> dict[str, Any]:
    return {"keys": [public_jwk()]}


def key_id() -> str:
    return url_for("certificates.jwks", _external=True) + "#" + signing_key().thumbprint()


def _iso(moment: Any) -> str:
    return moment.replace(microsecond=0).isoformat().replace("+00:00", "Z")


def document(cert: Certificate) -> dict[str, Any]:
    """The OpenBadgeCredential JSON: only what the certificate states."""
    verify = url_for("certificates.verify", code=cert.code, _external=True)
    issuer = url_for("certificates.verify_form", _external=True)
    subject = f"urn:uuid:{uuid.uuid5(SUBJECT_NAMESPACE, cert.code)}"
    modules = "; ".join(m["title"] for m in cert.modules)
    credential: dict[str, Any] = {
        "@context": CONTEXT,
        "id": verify,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": cert.course_title,
        "issuer": {"id": issuer, "type": ["Profile"], "name": cert.organisation},
        "validFrom": _iso(cert.issued_at),
        "awardedDate": _iso(cert.completed_at),
        "credentialSubject": {
            "id": subject,
            "type": ["AchievementSubject"],
            "identifier": [
                {
                    "type": "IdentityObject",
                    "hashed": False,
                    "identityHash": cert.trainee_name,
                    "identityType": "ext:displayName",
                }
            ],
            "achievement": {
                "id": f"{issuer}#cohort-{cert.cohort_id}",
                "type": ["Achievement"],
                "name": cert.course_title,
                "description": modules,
                "criteria": {"narrative": "Every module of the cohort completed and every quiz passed."},
            },
        },
    }
    if cert.expires_at:
        credential["validUntil"] = _iso(cert.expires_at)
    return credential


def sign(cert: Certificate) -> str:
    """The Compact JWS of the credential (the file a trainee downloads)."""
    credential = document(cert)
    claims = {
        **credential,
        "iss": credential["issuer"]["id"],
        "jti": credential["id"],
        "sub": credential["credentialSubject"]["id"],
        "nbf": int(cert.issued_at.timestamp()),
    }
    if cert.expires_at:
        claims["exp"] = int(cert.expires_at.timestamp())
    header = {"alg": ALGORITHM, "kid": key_id(), "typ": "JWT"}
    return str(_quiet(jwt.encode, header, claims, signing_key(), algorithms=[ALGORITHM]))


@dataclass(frozen=True)
class Checked:
    credential: dict[str, Any]
    code: str | None  # the certificate identifier it names, when it is one of ours


def check(token: str) -> Checked | None:
    """The credential when the signature is ours and intact, else None. (Expiry and revocation
    are the certificate's state, read from the database by the caller.)"""
    try:
        decoded = _quiet(jwt.decode, token.strip(), signing_key(), algorithms=[ALGORITHM])
    except (JoseError, ValueError, TypeError, json.JSONDecodeError):
        return None
    if decoded.header.get("kid") != key_id():
        return None
    claims = dict(decoded.claims)
    jti = str(claims.get("jti", ""))
    prefix = url_for("certificates.verify", code="-", _external=True)[:-1]
    code = jti[len(prefix) :] if jti.startswith(prefix) else None
    return Checked(claims, code)
