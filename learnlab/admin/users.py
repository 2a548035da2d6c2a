"""People: the list (search, filters, CSV), create, edit, role, deactivate, one-time password links."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user
from sqlalchemy import func, or_, select
from werkzeug.wrappers import Response

from learnlab.access import ADMIN, roles
from learnlab.admin import labels, people
from learnlab.admin.forms import ConfirmForm, UserForm
from learnlab.admin.models import Cohort, CohortMember
from learnlab.admin.scope import Scope, current_scope, user_or_404
from learnlab.admin.sqlcompat import joined_text
from learnlab.admin.tables import Column, Table, export_or_none, page_number, sort_arg, sql_count, sql_fetch
from learnlab.admin.views import bp
from learnlab.auth.models import User
from learnlab.auth.passwords import has_usable_password
from learnlab.auth.reset import issue as issue_reset_link
from learnlab.db import db
from learnlab.i18n import gettext as _
from learnlab.validation import query_id

PAGE_SIZE = 50


def _filters() -> dict[str, str]:
    keys = ("q", "role", "cohort", "country", "organisation", "unit", "active")
    return {k: request.args.get(k, "").strip() for k in keys}


def _matches(query: str) -> Any:
    """Case-insensitive search in names, usernames and email, Cyrillic included.

    SQL lower() folds only ASCII on SQLite (and depends on the locale on PostgreSQL), so the query
    is also tried as typed, in lower and upper case and capitalised, which covers how names are
    written ("сады" finds "Садыкова").
    """
    variants = {query, query.lower(), query.upper(), query.capitalize(), query.title()}
    columns = (
        func.lower(User.username),
        User.display_name,
        func.lower(User.display_name),
        func.lower(User.email),
    )
    return or_(*(column.contains(v, autoescape=True) for column in columns for v in variants))


def _user_query(scope: Scope, f: dict[str, str]) -> Any:
    cohorts = (
        select(joined_text(db.session, Cohort.name))
        .join(CohortMember, CohortMember.cohort_id == Cohort.id)
        .where(CohortMember.user_id == User.id, scope.cohorts())  # only cohorts the viewer may see
        .correlate(User)
        .scalar_subquery()
    )
    stmt = select(
        User.id,
        User.username,
        User.display_name,
        User.email,
        User.role,
        User.country,
        User.organisation,
        User.unit,
        User.is_active,
        User.last_login_at,
        cohorts.label("cohorts"),
    ).where(scope.users())
    if f["q"]:
        stmt = stmt.where(_matches(f["q"]))
    for key in ("role", "country", "organisation", "unit"):
        if f[key]:
            stmt = stmt.where(getattr(User, key) == f[key])
    if f["active"] in ("1", "0"):
        stmt = stmt.where(User.is_active.is_(f["active"] == "1"))
    if (cohort_id := query_id("cohort", f["cohort"])) is not None:
        stmt = stmt.where(
            User.id.in_(
                select(CohortMember.user_id)
                .join(Cohort, Cohort.id == CohortMember.cohort_id)
                .where(CohortMember.cohort_id == cohort_id, scope.cohorts())
            )
        )
    return stmt


SORTS = {
    "name": User.display_name,
    "username": User.username,
    "role": User.role,
    "country": User.country,
    "organisation": User.organisation,
    "unit": User.unit,
    "last_login": User.last_login_at,
}


def users_table(scope: Scope, f: dict[str, str], sort: tuple[str, bool]) -> Table:
    stmt = _user_query(scope, f)
    order = SORTS[sort[0]].desc() if sort[1] else SORTS[sort[0]].asc()

    role, yes_no = labels.roles(), labels.yes_no()
    columns = [
        Column(
            "name",
            _("Name"),
            sortable=True,
            value=lambda r: r.display_name,
            href=lambda r: url_for("admin.user_edit", user_id=r.id),
            header_scope_row=True,
        ),
        Column("username", _("Username"), sortable=True),
        Column("role", _("Role"), sortable=True, value=lambda r: role.get(r.role, r.role)),
        Column("country", _("Country"), sortable=True),
        Column("organisation", _("Organisation"), sortable=True),
        Column("unit", _("Unit"), sortable=True),
        Column("cohorts", _("Cohorts")),
        Column("email", _("Email")),
        Column("active", _("Active"), value=lambda r: yes_no[r.is_active]),
        Column(
            "last_login",
            _("Last sign-in"),
            kind="datetime",
            sortable=True,
            value=lambda r: r.last_login_at,
            country=lambda r: r.country,
        ),
    ]
    return Table(
        "users",
        _("People"),
        columns,
        sql_fetch(stmt.order_by(order, User.id)),
        page_size=PAGE_SIZE,
        count=sql_count(stmt),
        empty=_("No one matches these filters."),
    )


def filter_options(scope: Scope) -> dict[str, list[tuple[str, str]]]:
    def distinct_values(column: Any) -> list[tuple[str, str]]:
        rows = db.session.execute(
            select(column).distinct().where(scope.users(), column.is_not(None)).order_by(column)
        )
        return [(v, v) for (v,) in rows]

    cohorts = db.session.execute(select(Cohort.id, Cohort.name).where(scope.cohorts()).order_by(Cohort.name))
    roles_ = ["trainee", "trainer"] + ([] if scope.is_limited else ["admin"])
    return {
        "role": [(r, labels.roles()[r]) for r in roles_],
        "cohort": [(str(i), n) for i, n in cohorts],
        "country": distinct_values(User.country),
        "organisation": distinct_values(User.organisation),
        "unit": distinct_values(User.unit),
        "active": [("1", _("Active")), ("0", _("Deactivated"))],
    }


@bp.get("/users")
@roles(ADMIN)
def users() -> ResponseReturnValue:
    scope = current_scope()
    f = _filters()
    sort = sort_arg(SORTS, "name")
    table = users_table(scope, f, sort)
    if (export := export_or_none([table], "people")) is not None:
        return export
    page = page_number()
    return render_template(
        "admin/users.html",
        table=table,
        rows=table.page(page),
        page=page,
        sort=sort,
        filters=f,
        options=filter_options(scope),
        scope=scope,
    )


def _restrict_form(form: UserForm, scope: Scope) -> None:
    """A scoped administrator manages trainees and trainers of their own country/organisation, and
    the trainers they manage carry the same limits (set here, whatever the form sent)."""
    if scope.is_limited:
        form.role.choices = [c for c in form.role.choices if c.value != "admin"]
        trainer = form.role.data == "trainer"
        form.scope_country.data = scope.country if trainer else None
        form.scope_organisation.data = scope.organisation if trainer else None


def _scope_problems(form: UserForm, scope: Scope) -> bool:
    ok = True
    if scope.country and form.country.data != scope.country:
        form.country.errors = [
            *form.country.errors,
            _("You manage people of %(country)s only.", country=scope.country),
        ]
        ok = False
    if scope.organisation and form.organisation.data != scope.organisation:
        form.organisation.errors = [
            *form.organisation.errors,
            _("You manage people of %(org)s only.", org=scope.organisation),
        ]
        ok = False
    return ok


def _values(form: UserForm) -> dict[str, Any]:
    return {name: getattr(form, name).data for name in people.EDITABLE}


@bp.route("/users/new", methods=["GET", "POST"])
@roles(ADMIN)
def user_new() -> ResponseReturnValue:
    scope = current_scope()
    form = UserForm()
    _restrict_form(form, scope)
    if request.method == "GET":
        form.country.data = scope.country
        form.organisation.data = scope.organisation
    if form.validate_on_submit() and _scope_problems(form, scope):
        taken = db.session.execute(select(User.id).where(User.username == form.username.data)).first()
        if taken:
            # Worded to say nothing about the account that has it (it may be outside the scope).
            form.username.errors = [_("This username is not available. Choose another.")]
        else:
            user = people.create_user(
                db.session, actor_id=current_user.id, username=form.username.data or "", values=_values(form)
            )
            token, row = issue_reset_link(db.session, user, actor_id=current_user.id)
            db.session.commit()
            return render_template("admin/reset_link.html", user=user, token=token, row=row, created=True)
    return render_template("admin/user_form.html", form=form, user=None, scope=scope), (
        400 if form.errors else 200
    )


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@roles(ADMIN)
def user_edit(user_id: int) -> ResponseReturnValue:
    scope = current_scope()
    user = user_or_404(db.session, user_id, scope)
    form = UserForm(obj=user if request.method == "GET" else None)
    _restrict_form(form, scope)
    if request.method == "POST":
        form.username.data = user.username  # the username never changes: progress and reports use it
    if form.validate_on_submit() and _scope_problems(form, scope):
        if user.id == current_user.id and form.role.data != "admin":
            form.role.errors = [_("You cannot take away your own administrator role.")]
        else:
            changed = people.update_user(db.session, user, actor_id=current_user.id, values=_values(form))
            db.session.commit()
            flash(_("Saved.") if changed else _("Nothing was changed."), "success")
            return redirect(url_for("admin.user_edit", user_id=user.id))
    return render_template(
        "admin/user_form.html",
        form=form,
        user=user,
        scope=scope,
        actions=ConfirmForm(),
        has_password=has_usable_password(user.password_hash),
    ), (400 if form.errors else 200)


@bp.post("/users/<int:user_id>/active")
@roles(ADMIN)
def user_set_active(user_id: int) -> Response:
    user = user_or_404(db.session, user_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        active = request.form.get("active") == "1"
        if user.id == current_user.id and not active:
            flash(_("You cannot deactivate your own account."), "error")
            return redirect(url_for("admin.user_edit", user_id=user.id))
        people.set_active(db.session, user, active, actor_id=current_user.id)
        db.session.commit()
        flash(
            _("The account is active again.")
            if active
            else _("The account is deactivated and signed out everywhere. Its progress is kept."),
            "success",
        )
    return redirect(url_for("admin.user_edit", user_id=user.id))


@bp.post("/users/<int:user_id>/reset-link")
@roles(ADMIN)
def user_reset_link(user_id: int) -> ResponseReturnValue:
    user = user_or_404(db.session, user_id)
    form = ConfirmForm()
    if not form.validate_on_submit() or not user.is_active:
        flash(_("Activate the account before making a password link."), "error")
        return redirect(url_for("admin.user_edit", user_id=user.id))
    token, row = issue_reset_link(db.session, user, actor_id=current_user.id)
    db.session.commit()
    # Shown once, in this response only: the link is not kept anywhere it could be read again.
    return render_template("admin/reset_link.html", user=user, token=token, row=row, created=False)
