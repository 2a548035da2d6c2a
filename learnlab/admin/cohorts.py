"""Cohort pages: the list, create, edit, delete, members, assigned modules with due dates."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import and_, func, select
from werkzeug.wrappers import Response

from learnlab import content
from learnlab.access import ADMIN, STAFF, roles
from learnlab.admin import cohorts_service as service
from learnlab.admin import labels
from learnlab.admin.forms import CohortForm, ConfirmForm, MembersForm
from learnlab.admin.models import Cohort, CohortMember, CohortModule
from learnlab.admin.scope import Scope, cohort_or_404, current_scope, user_or_404
from learnlab.admin.tables import Column, Table, export_or_none
from learnlab.admin.views import bp
from learnlab.auth.models import User
from learnlab.auth.passwords import UNUSABLE_PREFIX
from learnlab.auth.reset import issue as issue_reset_link
from learnlab.certificates import service as certificates
from learnlab.db import db
from learnlab.i18n import current_language
from learnlab.i18n import gettext as _
from learnlab.progress.models import ModuleProgress
from learnlab.validation import parse_day, query_id


def cohorts_table(scope: Scope) -> Table:
    # Only the members this viewer may see are counted: a scoped administrator or a trainer learns
    # nothing, not even a count, about a member outside their scope.
    active_member = and_(
        CohortMember.cohort_id == Cohort.id,
        User.id == CohortMember.user_id,
        User.is_active.is_(True),
        scope.users(),
    )
    members = (
        select(func.count())
        .select_from(CohortMember)
        .join(User, User.id == CohortMember.user_id)
        .where(active_member)
        .correlate(Cohort)
        .scalar_subquery()
    )
    modules = (
        select(func.count()).where(CohortModule.cohort_id == Cohort.id).correlate(Cohort).scalar_subquery()
    )
    completed = (
        select(func.count())
        .select_from(CohortMember)
        .join(User, User.id == CohortMember.user_id)
        .join(CohortModule, CohortModule.cohort_id == CohortMember.cohort_id)
        .join(
            ModuleProgress,
            and_(
                ModuleProgress.user_id == CohortMember.user_id,
                ModuleProgress.module_slug == CohortModule.module_slug,
            ),
        )
        .where(active_member, ModuleProgress.completed_at.is_not(None))
        .correlate(Cohort)
        .scalar_subquery()
    )
    stmt = (
        select(
            Cohort.id,
            Cohort.name,
            Cohort.country,
            Cohort.organisation,
            Cohort.starts_on,
            Cohort.ends_on,
            members.label("members"),
            modules.label("modules"),
            completed.label("completed"),
        )
        .where(scope.cohorts())
        .order_by(Cohort.starts_on.desc(), Cohort.name)
    )

    def rate(r: Any) -> float | None:
        pairs = r.members * r.modules
        return round(100 * r.completed / pairs, 1) if pairs else None

    columns = [
        Column(
            "name", _("Cohort"), header_scope_row=True, href=lambda r: url_for("admin.cohort", cohort_id=r.id)
        ),
        Column("country", _("Country")),
        Column("organisation", _("Organisation")),
        Column("starts_on", _("Starts"), kind="date"),
        Column("ends_on", _("Ends"), kind="date"),
        Column("members", _("Active trainees"), kind="int"),
        Column("modules", _("Modules assigned"), kind="int"),
        Column("rate", _("Completion"), kind="percent", value=rate),
    ]
    return Table(
        "cohorts",
        _("Cohorts"),
        columns,
        lambda limit, offset: db.session.execute(stmt),
        empty=_("No cohorts yet."),
    )


@bp.get("/cohorts")
@roles(STAFF)  # a trainer: the cohorts they are attached to
def cohorts() -> str | Response:
    table = cohorts_table(current_scope())
    if (export := export_or_none([table], "cohorts")) is not None:
        return export
    return render_template("admin/cohorts.html", table=table, rows=table.page())


def _cohort_values(form: CohortForm) -> dict[str, Any]:
    return {name: getattr(form, name).data for name in service.FIELDS}


def _valid_for_scope(form: CohortForm, scope: Scope) -> bool:
    if not scope.allows_cohort_values(form.country.data, form.organisation.data or None):
        message = _(
            "You manage cohorts of %(scope)s only.",
            scope=scope.label(),
        )
        form.country.errors = [*form.country.errors, message]
        return False
    return True


@bp.route("/cohorts/new", methods=["GET", "POST"])
@roles(ADMIN)
def cohort_new() -> str | Response | tuple[str, int]:
    scope = current_scope()
    form = CohortForm()
    if request.method == "GET":
        form.country.data, form.organisation.data = scope.country, scope.organisation
    if form.validate_on_submit() and _valid_for_scope(form, scope):
        if service.name_taken(db.session, form.name.data or ""):
            form.name.errors = [_("A cohort with this name exists already.")]
        else:
            cohort = service.create(db.session, _cohort_values(form), actor_id=current_user.id)
            db.session.commit()
            flash(_("Cohort created. Now assign modules and add trainees."), "success")
            return redirect(url_for("admin.cohort_modules", cohort_id=cohort.id))
    return render_template("admin/cohort_form.html", form=form, cohort=None), 400 if form.errors else 200


@bp.route("/cohorts/<int:cohort_id>/edit", methods=["GET", "POST"])
@roles(ADMIN)
def cohort_edit(cohort_id: int) -> str | Response | tuple[str, int]:
    scope = current_scope()
    cohort = cohort_or_404(db.session, cohort_id, scope)
    form = CohortForm(obj=cohort if request.method == "GET" else None)
    if form.validate_on_submit() and _valid_for_scope(form, scope):
        if service.name_taken(db.session, form.name.data or "", except_id=cohort.id):
            form.name.errors = [_("A cohort with this name exists already.")]
        else:
            changed = service.update(db.session, cohort, _cohort_values(form), actor_id=current_user.id)
            db.session.commit()
            flash(_("Saved.") if changed else _("Nothing was changed."), "success")
            return redirect(url_for("admin.cohort", cohort_id=cohort.id))
    return render_template("admin/cohort_form.html", form=form, cohort=cohort, confirm=ConfirmForm()), (
        400 if form.errors else 200
    )


@bp.post("/cohorts/<int:cohort_id>/delete")
@roles(ADMIN)
def cohort_delete(cohort_id: int) -> Response:
    cohort = cohort_or_404(db.session, cohort_id)
    if ConfirmForm().validate_on_submit() and request.form.get("confirm_name", "").strip() == cohort.name:
        if certificates.issued_in(db.session, cohort.id):
            # A certificate names its cohort and stays checkable for good: the cohort stays too.
            flash(_("This cohort has issued certificates, so it cannot be deleted."), "error")
            return redirect(url_for("admin.cohort_edit", cohort_id=cohort.id))
        service.remove(db.session, cohort, actor_id=current_user.id)
        db.session.commit()
        flash(_("The cohort is deleted. Its trainees, their progress and results are kept."), "success")
        return redirect(url_for("admin.cohorts"))
    flash(_("Type the cohort's name exactly to delete it."), "error")
    return redirect(url_for("admin.cohort_edit", cohort_id=cohort.id))


def members_table(cohort: Cohort, scope: Scope) -> Table:
    stmt = (
        select(
            User.id,
            User.display_name,
            User.username,
            User.role,
            User.country,
            User.organisation,
            User.unit,
            User.is_active,
            CohortMember.joined_at,
        )
        .join(CohortMember, CohortMember.user_id == User.id)
        .where(CohortMember.cohort_id == cohort.id, scope.users())
        .order_by(User.display_name, User.id)
    )
    role, yes_no = labels.roles(), labels.yes_no()
    columns = [
        Column(
            "name",
            _("Name"),
            header_scope_row=True,
            value=lambda r: r.display_name,
            href=lambda r: url_for("admin.trainee", user_id=r.id),
        ),
        Column("username", _("Username")),
        Column("role", _("Role"), value=lambda r: role.get(r.role, r.role)),
        Column("country", _("Country")),
        Column("organisation", _("Organisation")),
        Column("unit", _("Unit")),
        Column("active", _("Active"), value=lambda r: yes_no[r.is_active]),
        Column("joined_at", _("Added"), kind="date", country=lambda r: r.country),
    ]
    return Table(
        "members",
        _("Members of %(cohort)s", cohort=cohort.name),
        columns,
        lambda limit, offset: db.session.execute(stmt),
        empty=_("No members yet."),
    )


@bp.route("/cohorts/<int:cohort_id>/members", methods=["GET", "POST"])
@roles(ADMIN)
def cohort_members(cohort_id: int) -> str | Response | tuple[str, int]:
    scope = current_scope()
    cohort = cohort_or_404(db.session, cohort_id, scope)
    form = MembersForm()
    if form.validate_on_submit():
        names = (form.usernames.data or "").replace(",", "\n").split()
        added, already, unknown = service.add_members(
            db.session, cohort, names, scope, actor_id=current_user.id
        )
        db.session.commit()
        if added:
            flash(_("Added: %(names)s.", names=", ".join(added)), "success")
        if already:
            flash(_("Already members: %(names)s.", names=", ".join(already)), "info")
        if unknown:
            form.usernames.data = "\n".join(unknown)
            form.usernames.errors = [
                _("No account you manage has these usernames: %(names)s.", names=", ".join(unknown))
            ]
        else:
            return redirect(url_for("admin.cohort_members", cohort_id=cohort.id))
    table = members_table(cohort, scope)
    if (export := export_or_none([table], f"cohort-{cohort.id}")) is not None:
        return export
    return render_template(
        "admin/cohort_members.html",
        cohort=cohort,
        form=form,
        table=table,
        rows=table.page(),
        confirm=ConfirmForm(),
    ), 400 if form.errors else 200


@bp.post("/cohorts/<int:cohort_id>/members/<int:user_id>/remove")
@roles(ADMIN)
def cohort_member_remove(cohort_id: int, user_id: int) -> Response:
    scope = current_scope()
    cohort = cohort_or_404(db.session, cohort_id, scope)
    user = user_or_404(db.session, user_id, scope)
    if ConfirmForm().validate_on_submit() and service.remove_member(
        db.session, cohort, user, actor_id=current_user.id
    ):
        db.session.commit()
        flash(_("%(name)s is no longer a member. Their progress is kept.", name=user.display_name), "success")
    return redirect(url_for("admin.cohort_members", cohort_id=cohort.id))


def _parse_modules(form: Any, slugs: list[str]) -> tuple[dict[str, date | None], dict[str, str]]:
    wanted: dict[str, date | None] = {}
    errors: dict[str, str] = {}
    for slug in slugs:
        raw = (form.get(f"due-{slug}") or "").strip()
        if form.get(f"assign-{slug}") != "1":
            continue
        day = parse_day(raw)
        if raw and day is None:
            errors[slug] = _("Write the date as YYYY-MM-DD, for example 2026-12-04.")
        else:
            wanted[slug] = day
    return wanted, errors


@bp.route("/cohorts/<int:cohort_id>/modules", methods=["GET", "POST"])
@roles(ADMIN)
def cohort_modules(cohort_id: int) -> str | Response | tuple[str, int]:
    cohort = cohort_or_404(db.session, cohort_id)
    modules = content.state().available_modules()
    current = service.assignments(db.session, cohort.id)
    # A module assigned earlier whose file is now missing stays listed, so it can be unassigned.
    slugs = [m.slug for m in modules] + [s for s in current if s not in {m.slug for m in modules}]
    titles = content.state().titles(current_language())
    form = ConfirmForm()
    errors: dict[str, str] = {}
    values = {slug: {"assign": slug in current, "due": current.get(slug) or ""} for slug in slugs}
    if request.method == "POST" and form.validate_on_submit():
        wanted, errors = _parse_modules(request.form, slugs)
        values = {
            s: {"assign": request.form.get(f"assign-{s}") == "1", "due": request.form.get(f"due-{s}", "")}
            for s in slugs
        }
        if not errors:
            changed = service.set_modules(db.session, cohort, wanted, actor_id=current_user.id)
            db.session.commit()
            flash(_("Saved.") if changed else _("Nothing was changed."), "success")
            return redirect(url_for("admin.cohort", cohort_id=cohort.id))
    return render_template(
        "admin/cohort_modules.html",
        cohort=cohort,
        slugs=slugs,
        titles=titles,
        values=values,
        errors=errors,
        form=form,
    ), 400 if errors else 200


@bp.post("/cohorts/<int:cohort_id>/password-links")
@roles(ADMIN)
def cohort_password_links(cohort_id: int) -> str | Response:
    """One-time links for every active member without a password yet, shown once to hand over."""
    scope = current_scope()
    cohort = cohort_or_404(db.session, cohort_id, scope)
    if not ConfirmForm().validate_on_submit():
        return redirect(url_for("admin.cohort_members", cohort_id=cohort.id))
    people = (
        db.session.execute(
            select(User)
            .join(CohortMember, CohortMember.user_id == User.id)
            .where(
                CohortMember.cohort_id == cohort.id,
                scope.users(),
                User.is_active.is_(True),
                User.password_hash.startswith(UNUSABLE_PREFIX),
            )
            .order_by(User.display_name)
        )
        .scalars()
        .all()
    )
    links = [(user, *issue_reset_link(db.session, user, actor_id=current_user.id)) for user in people]
    db.session.commit()
    return render_template("admin/password_links.html", cohort=cohort, links=links)


def _trainer_or_none(scope: Scope) -> User | None:
    """The trainer named by the form's ``user_id``, if it is one this administrator manages."""
    user_id = query_id("user_id", request.form.get("user_id", ""))
    if user_id is None:
        return None
    return db.session.execute(
        select(User).where(User.id == user_id, User.role == "trainer", scope.users())
    ).scalar_one_or_none()


@bp.post("/cohorts/<int:cohort_id>/trainers")
@roles(ADMIN)
def cohort_trainer_add(cohort_id: int) -> Response:
    """Attach a trainer: they then see this cohort's dashboard, its trainees' progress and attempts."""
    scope = current_scope()
    cohort = cohort_or_404(db.session, cohort_id, scope)
    if ConfirmForm().validate_on_submit():
        trainer = _trainer_or_none(scope)
        if trainer is None or not trainer.is_active:
            flash(_("Choose a trainer you manage."), "error")
        elif not Scope.of(trainer).allows_cohort_values(cohort.country, cohort.organisation):
            flash(_("This trainer is limited to %(scope)s.", scope=Scope.of(trainer).label()), "error")
        elif service.attach_trainer(db.session, cohort, trainer, actor_id=current_user.id):
            db.session.commit()
            flash(_("%(name)s now follows this cohort.", name=trainer.display_name), "success")
    return redirect(url_for("admin.cohort", cohort_id=cohort.id) + "#trainers")


@bp.post("/cohorts/<int:cohort_id>/trainers/<int:user_id>/remove")
@roles(ADMIN)
def cohort_trainer_remove(cohort_id: int, user_id: int) -> Response:
    scope = current_scope()
    cohort = cohort_or_404(db.session, cohort_id, scope)
    trainer = user_or_404(db.session, user_id, scope)
    if ConfirmForm().validate_on_submit() and service.detach_trainer(
        db.session, cohort, trainer, actor_id=current_user.id
    ):
        db.session.commit()
        flash(_("%(name)s no longer follows this cohort.", name=trainer.display_name), "success")
    return redirect(url_for("admin.cohort", cohort_id=cohort.id) + "#trainers")
