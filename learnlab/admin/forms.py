"""Forms of the administration pages. A form that fails validation keeps what was typed."""

from __future__ import annotations

import re
from typing import Any

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, Regexp, ValidationError

from learnlab.config import LANGUAGES
from learnlab.i18n import LANGUAGE_NAMES
from learnlab.i18n import lazy_gettext as _l
from learnlab.validation import day_in_range

USERNAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{1,79}$")
COUNTRY_RE = re.compile(r"^[A-Z]{2}$")
# Deliberately loose: there is no mail server, the address is only shown to administrators.
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def options(pairs: list[tuple[str, Any]]) -> list[SelectChoice]:
    """Select choices as WTForms 3.3 wants them (plain tuples are deprecated)."""
    return [SelectChoice(value, label) for value, label in pairs]


def _upper(value: str | None) -> str | None:
    return value.strip().upper() if isinstance(value, str) else value


def _strip(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value


def _lower(value: str | None) -> str | None:
    return value.strip().lower() if isinstance(value, str) else value


def _day_in_range(_form: Any, field: DateField) -> None:
    """Dates people type stay within learnlab.validation's range (so date arithmetic never overflows)."""
    if not day_in_range(field.data):
        raise ValidationError(_l("Choose a date between 1900 and 2999."))


class UserForm(FlaskForm):
    username = StringField(
        _l("Username"),
        filters=[_lower],
        validators=[
            DataRequired(),
            Regexp(
                USERNAME_RE,
                message=_l(
                    "Use 2 to 80 lowercase letters, digits, dots, hyphens or underscores, starting "
                    "with a letter or digit."
                ),
            ),
        ],
        render_kw={"autocapitalize": "none", "spellcheck": "false", "autocomplete": "off"},
    )
    display_name = StringField(
        _l("Full name"), filters=[_strip], validators=[DataRequired(), Length(max=200)]
    )
    email = StringField(
        _l("Email (optional)"),
        filters=[_strip],
        validators=[
            Optional(),
            Regexp(EMAIL_RE, message=_l("This is not an email address.")),
            Length(max=254),
        ],
    )
    role = SelectField(
        _l("Role"),
        choices=options(
            [("trainee", _l("Trainee")), ("trainer", _l("Trainer")), ("admin", _l("Administrator"))]
        ),
    )
    country = StringField(
        _l("Country"),
        filters=[_upper],
        validators=[
            Optional(),
            Regexp(COUNTRY_RE, message=_l("Use the two-letter country code, for example KZ or KG.")),
        ],
    )
    organisation = StringField(_l("Organisation"), filters=[_strip], validators=[Optional(), Length(max=200)])
    unit = StringField(_l("Unit"), filters=[_strip], validators=[Optional(), Length(max=200)])
    locale = SelectField(
        _l("Interface language"),
        choices=options(
            [("", _l("As the browser asks"))] + [(code, LANGUAGE_NAMES[code]) for code in LANGUAGES]
        ),
    )
    scope_country = StringField(
        _l("Limit to country"),
        filters=[_upper],
        validators=[
            Optional(),
            Regexp(COUNTRY_RE, message=_l("Use the two-letter country code, for example KZ or KG.")),
        ],
    )
    scope_organisation = StringField(
        _l("Limit to organisation"), filters=[_strip], validators=[Optional(), Length(max=200)]
    )

    def validate_scope_country(self, field: StringField) -> None:
        if (field.data or self.scope_organisation.data) and self.role.data not in ("admin", "trainer"):
            raise ValidationError(
                _l("Only administrators and trainers can be limited to a country or organisation.")
            )


class ConfirmForm(FlaskForm):
    """A button that changes something: only the CSRF token travels."""


class CohortForm(FlaskForm):
    name = StringField(_l("Name"), filters=[_strip], validators=[DataRequired(), Length(max=200)])
    country = StringField(
        _l("Country"),
        filters=[_upper],
        validators=[
            DataRequired(),
            Regexp(COUNTRY_RE, message=_l("Use the two-letter country code, for example KZ or KG.")),
        ],
    )
    organisation = StringField(_l("Organisation"), filters=[_strip], validators=[Optional(), Length(max=200)])
    starts_on = DateField(
        _l("Starts on"), validators=[Optional(), _day_in_range], render_kw={"placeholder": "YYYY-MM-DD"}
    )
    ends_on = DateField(
        _l("Ends on"), validators=[Optional(), _day_in_range], render_kw={"placeholder": "YYYY-MM-DD"}
    )

    def validate_ends_on(self, field: DateField) -> None:
        if field.data and self.starts_on.data and field.data < self.starts_on.data:
            raise ValidationError(_l("The end date is before the start date."))


class MembersForm(FlaskForm):
    usernames = TextAreaField(
        _l("Usernames to add"),
        validators=[DataRequired(), Length(max=20000)],
        render_kw={"rows": 4, "autocapitalize": "none", "spellcheck": "false"},
    )


class ImportForm(FlaskForm):
    file = FileField(_l("CSV file"))
    cohort = SelectField(_l("Cohort for rows that name none"), choices=[], validate_choice=False)


class ImportConfirmForm(FlaskForm):
    payload = HiddenField()  # the file, compressed (learnlab.admin.import_plan.pack)
    cohort = HiddenField()
    plan = HiddenField()  # a digest of the previewed plan: the write happens only if it still holds


class PreviewForm(FlaskForm):
    kind = SelectField(
        _l("The text is"), choices=options([("module", _l("a module")), ("quiz", _l("a quiz"))])
    )
    slug = SelectField(
        _l("Read it as the module (for links and pictures)"), choices=[], validate_choice=False
    )
    path = SelectField(_l("Or preview a file from the content folder"), choices=[], validate_choice=False)
    text = TextAreaField(
        _l("Markdown"), validators=[Length(max=500_000)], render_kw={"rows": 18, "spellcheck": "false"}
    )
    show_answers = BooleanField(_l("Show correct answers"), default=True)
