"""WTForms' own error messages, translated in our catalogue instead of WTForms' catalogue.

WTForms ships Russian and Kazakh but no Kyrgyz, and its wording is not ours. Flask-WTF looks up
these messages through ``request.wtforms_translations`` (its per-request cache); we put our own
catalogue there, so a Kyrgyz trainee who types a wrong date reads Kyrgyz. The list below exists
so that ``pybabel extract`` puts WTForms' messages into messages.pot; the test over the
catalogues then insists on a translation of each. Our own forms give their validators explicit
messages (a test checks that too); these cover what the field types themselves report.
"""

from __future__ import annotations

from flask import Flask, request
from flask_babel import get_translations

from learnlab.i18n import N_


def N_plural(singular: str, plural: str) -> tuple[str, str]:  # noqa: N802
    return singular, plural


MESSAGES = (
    N_("This field is required."),
    N_("Invalid input."),
    N_("Field must be equal to %(other_name)s."),
    N_("Field must be between %(min)d and %(max)d characters long."),
    N_("Number must be at least %(min)s."),
    N_("Number must be at most %(max)s."),
    N_("Number must be between %(min)s and %(max)s."),
    N_("Date must be at least %(min)s."),
    N_("Date must be at most %(max)s."),
    N_("Date must be between %(min)s and %(max)s."),
    N_("Invalid email address."),
    N_("Invalid value, must be one of: %(values)s."),
    N_("Invalid value, can't be any of: %(values)s."),
    N_("This field cannot be edited."),
    N_("This field is disabled and cannot have a value."),
    N_("Invalid Choice: could not coerce."),
    N_("Choices cannot be None."),
    N_("Not a valid choice."),
    N_("Invalid choice(s): one or more data inputs could not be coerced."),
    N_("Not a valid datetime value."),
    N_("Not a valid date value."),
    N_("Not a valid time value."),
    N_("Not a valid integer value."),
    N_("Not a valid decimal value."),
    N_("Not a valid float value."),
)
PLURAL_MESSAGES = (
    N_plural(
        "Field must be at least %(min)d character long.", "Field must be at least %(min)d characters long."
    ),
    N_plural(
        "Field cannot be longer than %(max)d character.", "Field cannot be longer than %(max)d characters."
    ),
    N_plural(
        "Field must be exactly %(max)d character long.", "Field must be exactly %(max)d characters long."
    ),
    N_plural(
        "'%(value)s' is not a valid choice for this field.",
        "'%(value)s' are not valid choices for this field.",
    ),
)


class _OurCatalogue:
    """The two methods Flask-WTF calls, answered from the request's Flask-Babel catalogue."""

    def ugettext(self, string: str) -> str:
        return str(get_translations().ugettext(string))

    def ungettext(self, singular: str, plural: str, n: int) -> str:
        return str(get_translations().ungettext(singular, plural, n))


_CATALOGUE = _OurCatalogue()  # it keeps nothing of its own: one serves every request


def _use_our_catalogue() -> None:
    request.wtforms_translations = _CATALOGUE  # type: ignore[attr-defined]


def init_app(app: Flask) -> None:
    app.before_request(_use_our_catalogue)
