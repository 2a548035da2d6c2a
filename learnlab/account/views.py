"""The profile page and the language switcher shown on every page.

The switcher is a small POST form (CSRF-protected, works without JavaScript). For a signed-in
person the choice is saved to their profile, so it follows them to any browser; it is also kept
in a cookie, so the sign-in page and the pages after signing out stay in the chosen language.
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import refresh
from flask_login import current_user
from werkzeug.wrappers import Response

from learnlab.access import public, signed_in
from learnlab.account.forms import BROWSER, LanguageForm
from learnlab.auth.redirects import current_page, safe_next
from learnlab.db import db
from learnlab.i18n import LANG_COOKIE, remember_language
from learnlab.i18n import gettext as _

bp = Blueprint("account", __name__)


def _return_path() -> str:
    """Where the switcher brings the person back to: this page, if it can be opened again."""
    return current_page() or url_for("learn.home")


def switcher_context() -> dict[str, object]:
    return {"language_return_path": _return_path}


@bp.post("/language")
@public
def set_language() -> Response:
    lang = request.form.get("lang", "")
    if lang not in current_app.config["LANGUAGES"]:
        abort(400)
    if current_user.is_authenticated:
        current_user.locale = lang
        db.session.commit()
    target = safe_next(request.form.get("next"), url_for("learn.home"))
    response = redirect(target, code=303)
    remember_language(response, lang)
    return response


@bp.route("/account", methods=["GET", "POST"])
@signed_in
def profile() -> str | Response:
    form = LanguageForm(locale=current_user.locale or BROWSER)
    if form.validate_on_submit():
        chosen = form.locale.data or None
        current_user.locale = chosen
        db.session.commit()
        response = redirect(url_for("account.profile"), code=303)
        if chosen:
            remember_language(response, chosen)
        else:
            response.delete_cookie(LANG_COOKIE)
        refresh()  # the message below in the language just chosen
        flash(_("Your language is saved."), "success")
        return response
    return render_template("account/profile.html", form=form)
