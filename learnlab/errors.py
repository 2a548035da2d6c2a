"""Error pages in the site's layout: no stack trace, SQL or version banner ever reaches a person."""

from __future__ import annotations

from flask import Flask, current_app, render_template, request
from flask.typing import ResponseReturnValue
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from learnlab.i18n import lazy_gettext as _l

MESSAGES = {
    400: (
        _l("The request could not be understood"),
        _l("Something in what was sent is not right. Go back, reload the page and try again."),
    ),
    403: (_l("Not allowed"), _l("Your account does not have access to this page.")),
    404: (
        _l("Page not found"),
        _l("There is no page at this address. It may have moved, or the link may be mistyped."),
    ),
    405: (_l("Not allowed"), _l("This page cannot be used that way.")),
    415: (
        _l("The request could not be understood"),
        _l("This site accepts forms only. Go back, reload the page and send the form again."),
    ),
    413: (_l("Too large"), _l("What you sent is larger than this site accepts. Try a smaller file.")),
    429: (_l("Too many attempts"), _l("Please wait a little before trying again.")),
    500: (_l("Something went wrong"), _l("The problem has been recorded. Please try again in a moment.")),
}
CSRF_MESSAGE = (
    _l("This form has expired"),
    _l(
        "For your security, forms stop working after you sign out or after a long time. Nothing "
        "you had saved is lost: go back, reload the page and send the form again."
    ),
)


def _page(
    code: int, title: object, message: object, extra: dict[str, object] | None = None
) -> ResponseReturnValue:
    if request.accept_mimetypes.best == "application/json":
        return {"error": str(title), "message": str(message)}, code
    return render_template(
        "errors/error.html", code=code, title=title, message=message, **(extra or {})
    ), code


def handle_http(error: HTTPException) -> ResponseReturnValue:
    if error.response is not None:  # a page prepared by whoever raised it (sign-in throttling)
        return error.response
    code = error.code or 500
    title, message = MESSAGES.get(code, MESSAGES[500] if code >= 500 else MESSAGES[400])
    response = _page(code, title, message)
    if code == 429 and getattr(error, "description", None):
        return _page(code, title, error.description)
    return response


def handle_csrf(error: CSRFError) -> ResponseReturnValue:
    from learnlab.auth.sessions import audit_refusal

    audit_refusal(f"csrf: {error.description}")
    return _page(400, *CSRF_MESSAGE)


def handle_unexpected(error: Exception) -> ResponseReturnValue:
    # A handler for Exception replaces Flask's own logging of it, so log here (to the server's log
    # only: the person sees the generic page).
    current_app.logger.error("unhandled error on %s %s", request.method, request.path, exc_info=error)
    return handle_http(InternalServerError())


def init_app(app: Flask) -> None:
    app.register_error_handler(CSRFError, handle_csrf)
    app.register_error_handler(HTTPException, handle_http)
    app.register_error_handler(Exception, handle_unexpected)
