"""The baseline every benchmark is compared with: a bare Flask app under the same gunicorn settings.

GET /page answers a fixed page read from $BASELINE_PAGE (the benchmark saves a real LearnLab
page there, so both send the same number of bytes); POST /post answers with a redirect, as a
LearnLab form does. No database, no templates, no session.
"""

from __future__ import annotations

import os
from pathlib import Path

from flask import Flask, Response, redirect

app = Flask(__name__)
PAGE = Path(os.environ["BASELINE_PAGE"]).read_bytes() if os.environ.get("BASELINE_PAGE") else b"<p>ok</p>"


@app.get("/page")
def page() -> Response:
    return Response(PAGE, mimetype="text/html")


@app.post("/post")
def post() -> Response:
    return redirect("/page", 302)  # type: ignore[return-value]


@app.get("/healthz")
def healthz() -> dict[str, str]:
    return {"status": "ok"}
