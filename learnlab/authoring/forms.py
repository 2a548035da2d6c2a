"""Forms of the editor. A refused form keeps what was typed."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Regexp

from learnlab.admin.forms import options
from learnlab.i18n import lazy_gettext as _l

BLOB_RE = r"^[0-9a-f]{40}$"


class EditForm(FlaskForm):
    text = TextAreaField(
        _l("Markdown source"),
        validators=[Length(max=500_000)],
        render_kw={"rows": 28, "spellcheck": "false", "data-authoring-source": ""},
    )
    # The version of the file the text was based on (git's blob id): a save is refused when the
    # file changed since, so two trainers never overwrite each other unseen.
    base = HiddenField(validators=[DataRequired(), Regexp(BLOB_RE)])
    message = StringField(
        _l("What did you change?"),
        validators=[Length(max=200)],
        description=_l("Saved in the file's history with your name, e.g. “Added a section on seal checks”."),
    )


class RestoreForm(FlaskForm):
    commit = HiddenField(validators=[DataRequired(), Regexp(r"^[0-9a-f]{40}$")])
    base = HiddenField(validators=[DataRequired(), Regexp(BLOB_RE)])


class NewForm(FlaskForm):
    kind = SelectField(_l("Create"), choices=options([("module", _l("a module")), ("quiz", _l("a quiz"))]))
    slug = StringField(
        _l("Short name (used in addresses)"),
        filters=[lambda v: v.strip().lower() if isinstance(v, str) else v],
        validators=[DataRequired(), Length(max=60)],
        description=_l(
            "Lowercase letters, digits and hyphens, e.g. seal-checks. It cannot be changed later."
        ),
    )
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    module = SelectField(_l("For a quiz: the module it belongs to"), choices=[], validate_choice=False)


class PictureForm(FlaskForm):
    picture = FileField(
        _l("Picture (PNG, JPEG or SVG, up to 2 MB)"),
        validators=[FileRequired()],
        render_kw={"accept": ".png,.jpg,.jpeg,.svg,image/png,image/jpeg,image/svg+xml"},
    )
