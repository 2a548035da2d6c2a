"""Forms of the certificate staff pages."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import IntegerField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from learnlab.i18n import lazy_gettext as _l


def _strip(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value


class SettingsForm(FlaskForm):
    organisation = StringField(_l("Issuing organisation"), filters=[_strip], validators=[Length(max=200)])
    signer_name = StringField(_l("Signed by"), filters=[_strip], validators=[Length(max=200)])
    validity_months = IntegerField(
        _l("Valid for (months)"), validators=[Optional(), NumberRange(min=0, max=600)]
    )
    course_title = StringField(
        _l("Course name on the certificate"), filters=[_strip], validators=[Length(max=200)]
    )


class RevokeForm(FlaskForm):
    reason = TextAreaField(
        _l("Reason (kept in the audit log, never shown publicly)"),
        filters=[_strip],
        validators=[DataRequired(), Length(max=500)],
    )


class CredentialForm(FlaskForm):
    credential = FileField(_l("Open Badges credential file (.jws)"), validators=[FileRequired()])
