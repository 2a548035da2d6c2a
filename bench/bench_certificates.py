"""Benchmark 5: certificates: one PDF (size and time to make it) and a cohort's ZIP of 500.

    .venv/bin/python bench/bench_certificates.py [--count 500] [--rounds 15]

A migrated SQLite database with the real course content, one cohort of ``--count`` trainees with
a certificate each (rows written directly; Kazakh and Russian names). What is timed is the
server's work, in this process, inside a request context:

* One PDF (learnlab.certificates.pdf.render: A4 landscape, DejaVu Serif subset embedded, QR code),
  alternating with its baseline: the same text on the same page in a PDF core font (Helvetica,
  nothing embedded, no QR code), which is the floor of fpdf2 itself. Reported: median and 95th
  percentile in ms, the ratio to the baseline, and the file size.
* The cohort's ZIP (learnlab.certificates.bundle.stream_zip, as the staff route streams it, in
  parts of ``bundle.ZIP_PART``, one request each): total time for ``--count`` certificates, the
  slowest part (it must stay inside gunicorn's 30 s worker timeout), time per certificate, ZIP
  size, and the time to first byte (each member is sent as soon as it is made).

Prints one ``RESULT`` line per result and writes ``bench/out/certificates.md``.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from common import database, dispose, result, site, write_section
from fpdf import FPDF

NAMES = ["Әлия Құрманғазықызы", "Арман Сейткали", "Чолпон Асанова", "Айбек Токтогулов", "Aida Bekova"]


def _setup(app, count: int) -> list[int]:  # type: ignore[no-untyped-def]
    from learnlab.admin.models import Cohort, CohortMember
    from learnlab.auth.models import User
    from learnlab.certificates import codes
    from learnlab.certificates.models import Certificate
    from learnlab.db import db, write_intent

    now = datetime.now(UTC)
    with app.app_context(), write_intent():
        cohort = Cohort(name="Bench cohort", country="KZ", organisation="State Revenue Committee")
        db.session.add(cohort)
        db.session.flush()
        users = [
            User(username=f"cert{i:05d}", display_name=f"{NAMES[i % len(NAMES)]} {i}", password_hash="!")  # noqa: S106 - "!": no password can sign in
            for i in range(count)
        ]
        db.session.add_all(users)
        db.session.flush()
        db.session.add_all(CohortMember(cohort_id=cohort.id, user_id=u.id) for u in users)
        certs = [
            Certificate(
                code=codes.new_code(),
                user_id=u.id,
                cohort_id=cohort.id,
                trainee_name=u.display_name,
                course_title="Customs enforcement: risk, search and seizure",
                cohort_name=cohort.name,
                modules=[
                    {"slug": f"m{j}", "title": f"Module {j}: inspection practice", "version": "x"}
                    for j in range(7)
                ],
                completed_at=now,
                issued_at=now,
                organisation="State Revenue Committee",
                signer_name="Aigerim Nurlanova",
                language="ru" if i % 2 else "en",
                expires_at=now.replace(year=now.year + 2),
            )
            for i, u in enumerate(users)
        ]
        db.session.add_all(certs)
        db.session.commit()
        return [c.id for c in certs]


def _baseline(cert) -> bytes:  # type: ignore[no-untyped-def]
    pdf = FPDF(orientation="landscape", unit="mm", format="A4")
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 26)
    for text in ("Certificate of completion", "Trainee name", cert.course_title, cert.code, cert.signer_name):
        pdf.multi_cell(247, 12, text, align="C", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()

    from learnlab.certificates import bundle, pdf
    from learnlab.certificates.models import Certificate
    from learnlab.db import db

    with database("sqlite", "certificates") as url, tempfile.TemporaryDirectory() as tmp:
        _settings, app = site(url, Path(tmp))
        ids = _setup(app, args.count)
        with app.test_request_context(base_url="https://learnlab.example.org"):
            certs = [db.session.get(Certificate, i) for i in ids]
            one = certs[1]  # Russian
            ours, base = [], []
            pdf.render(one, pdf.verify_url(one))  # warm up: font files read, code paths loaded
            for _ in range(args.rounds):
                started = time.perf_counter()
                _baseline(one)
                base.append((time.perf_counter() - started) * 1000)
                started = time.perf_counter()
                body = pdf.render(one, pdf.verify_url(one))
                ours.append((time.perf_counter() - started) * 1000)
            median, p95 = statistics.median(ours), sorted(ours)[int(0.95 * (len(ours) - 1))]
            base_median = statistics.median(base)
            pdf_line = result(
                "certificate_pdf",
                median_ms=median,
                p95_ms=p95,
                baseline_median_ms=base_median,
                ratio=median / base_median,
                size_kb=len(body) / 1024,
            )

            def render(cert):  # type: ignore[no-untyped-def]
                return pdf.render(cert, pdf.verify_url(cert))

            # The staff page offers the ZIP in parts of bundle.ZIP_PART (one request each).
            part_times, first_bytes, size = [], [], 0
            for start in range(0, len(certs), bundle.ZIP_PART):
                started = time.perf_counter()
                first_byte = None
                for chunk in bundle.stream_zip(certs[start : start + bundle.ZIP_PART], render):
                    if first_byte is None and chunk:
                        first_byte = time.perf_counter() - started
                    size += len(chunk)
                part_times.append(time.perf_counter() - started)
                first_bytes.append(first_byte or 0)
            total = sum(part_times)
            zip_line = result(
                "certificate_zip",
                certificates=len(certs),
                parts=len(part_times),
                total_s=total,
                slowest_part_s=max(part_times),
                per_certificate_ms=total * 1000 / len(certs),
                first_byte_ms=max(first_bytes) * 1000,
                size_mb=size / 1024 / 1024,
            )
        dispose(app)
    write_section(
        "certificates",
        f"""## 5. Certificates: one PDF, and a cohort's ZIP

One certificate PDF (A4 landscape, DejaVu Serif subset embedded, QR code), alternating with the
same text in a PDF core font (nothing embedded, no QR), {args.rounds} rounds; then the ZIP of a
cohort of {args.count} certificates as the staff route streams it, in parts of 50.

```
{pdf_line}
{zip_line}
```
""",
    )


if __name__ == "__main__":
    main()
