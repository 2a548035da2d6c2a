"""Content tools for trainers: status of every file (with translations), a file's source, preview."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from flask import abort, render_template, request, url_for
from werkzeug.wrappers import Response

from learnlab import content
from learnlab.access import STAFF, roles
from learnlab.admin import labels
from learnlab.admin.forms import PreviewForm, options
from learnlab.admin.preview import preview
from learnlab.admin.tables import Column, Table, export_or_none
from learnlab.admin.views import bp
from learnlab.content.catalog import SOURCE_LANG, CatalogState, SourceInfo
from learnlab.content.translation import TranslationStatus, translation_status
from learnlab.i18n import gettext as _


def translation_label(status: TranslationStatus | None) -> str:
    """For a translation: whether it was made from the current version of its source, and shown.

    The facts come from learnlab.content.translation (what the checker reports); this words them.
    """
    if status is None:
        return _("no source file")
    if not status.source_version:
        label = _("unknown: no source_version")
    elif status.is_out_of_date:
        label = _("out of date: translated from version %(version)s", version=status.source_version)
    else:
        label = _("up to date")
    return label if status.is_usable else label + "; " + _("not shown to trainees")


def status_rows(state: CatalogState) -> list[dict[str, Any]]:
    by_key = {(s.kind, s.slug, s.lang): s for s in state.sources}
    translations = translation_status(state)
    problems: dict[str, list[Any]] = {}
    for p in state.problems:
        problems.setdefault(p.path, []).append(p)
    rows = []
    for s in sorted(state.sources, key=lambda s: (s.kind, s.slug, s.lang != SOURCE_LANG, s.lang)):
        found = problems.get(s.path, [])
        if s.kind == "glossary":  # one file per language, not a translation of another
            translation = ""
        elif s.lang == SOURCE_LANG:
            others = sorted(k[2] for k in by_key if k[:2] == (s.kind, s.slug) and k[2] != SOURCE_LANG)
            translation = ", ".join(
                f"{lang}: {translation_label(translations.get(by_key[(s.kind, s.slug, lang)].path))}"
                for lang in others
            ) or _("none")
        else:
            translation = translation_label(translations.get(s.path))
        rows.append(
            {
                "info": s,
                "problems": found,
                "translation": translation,
                "changed": datetime.fromtimestamp(s.modified_at, UTC),
                "errors": sum(p.is_error for p in found),
                "warnings": sum(not p.is_error for p in found),
            }
        )
    return rows


def status_table(state: CatalogState) -> Table:
    rows = status_rows(state)
    kind = labels.kinds()
    columns = [
        Column(
            "path",
            _("File"),
            header_scope_row=True,
            value=lambda r: r["info"].path,
            href=lambda r: url_for("admin.content_source", path=r["info"].path),
        ),
        Column("kind", _("Kind"), value=lambda r: kind.get(r["info"].kind, r["info"].kind)),
        Column("lang", _("Language"), value=lambda r: r["info"].lang),
        Column("version", _("Version"), value=lambda r: r["info"].version),
        Column("changed", _("Last change"), kind="datetime"),
        Column("errors", _("Errors"), kind="int"),
        Column("warnings", _("Warnings"), kind="int"),
        Column("findings", _("Findings"), value=lambda r: "\n".join(str(p) for p in r["problems"])),
        Column("translation", _("Translations")),
    ]
    return Table("files", _("Content files"), columns, lambda limit, offset: rows)


@bp.get("/content")
@roles(STAFF)
def content_status() -> str | Response:
    state = content.state()
    table = status_table(state)
    if (export := export_or_none([table], "content-status")) is not None:
        return export
    return render_template("admin/content.html", state=state, table=table, rows=table.page())


def _known_source(path: str) -> SourceInfo:
    """Only files the catalogue knows: a path from the request never leaves the content folders."""
    info = next((s for s in content.state().sources if s.path == path), None)
    if info is None:
        abort(404)
    return info


@bp.get("/content/source")
@roles(STAFF)
def content_source() -> str:
    info = _known_source(request.args.get("path", ""))
    catalog = content.catalog()
    text = (catalog.root / info.path).read_bytes().decode("utf-8", errors="replace")
    problems = content.state().problems_for(info.path)
    by_line: dict[int, list[Any]] = {}
    for p in problems:
        by_line.setdefault(p.line, []).append(p)
    return render_template(
        "admin/content_source.html", info=info, lines=text.splitlines(), by_line=by_line, problems=problems
    )


@bp.route("/preview", methods=["GET", "POST"], endpoint="preview")
@roles(STAFF)
def preview_page() -> str | tuple[str, int]:
    state = content.state()
    form = PreviewForm()
    form.slug.choices = options(
        [("", _("none (a new module)"))] + [(m.slug, m.title) for m in state.available_modules()]
    )
    form.path.choices = options(
        [("", _("none"))] + [(s.path, s.path) for s in state.sources if s.kind in ("module", "quiz")]
    )
    result = None
    if form.validate_on_submit():
        if request.form.get("action") == "load" and form.path.data:
            info = _known_source(form.path.data)
            form.text.data = (
                (content.catalog().root / info.path).read_bytes().decode("utf-8", errors="replace")
            )
            form.kind.data = info.kind
            form.slug.data = info.slug if info.kind == "module" else ""
            result = preview(form.text.data, info.kind, info.slug, info.lang, info.path)
        elif (form.text.data or "").strip():
            slug = form.slug.data if form.slug.data in {m.slug for m in state.available_modules()} else ""
            result = preview(form.text.data or "", form.kind.data or "module", slug, SOURCE_LANG, None)
        else:
            form.text.errors = [_("Paste some Markdown, or choose a file and press Load.")]
    return render_template("admin/preview.html", form=form, result=result), 400 if form.errors else 200
