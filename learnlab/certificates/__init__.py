"""Certificates: issued when a trainee meets their cohort's rule, verifiable by anyone.

models   the certificate record and each cohort's certificate settings
rules    what earns a certificate (the one place that decides it)
service  issuing (inside the completing transaction), revoking, reissuing
codes    the public identifier: 80 random bits written in base32 groups
pdf      the printable certificate (fpdf2, an embedded DejaVu font, a segno QR code)
views    the public verify page, "My certificates", the staff pages
"""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from learnlab.certificates import views

    views.init_app(app)  # the staff pages are on the staff blueprint (learnlab.admin.init_app)
