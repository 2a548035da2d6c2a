from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import RadioField
from wtforms.fields.choices import SelectChoice

from learnlab.i18n import LANGUAGE_NAMES
from learnlab.i18n import lazy_gettext as _l

BROWSER = ""  # the choice "whatever my browser asks for": no saved preference


class LanguageForm(FlaskForm):
    # Each language is named in itself (a reader who cannot read the current interface language
    # still finds their own); the template marks each label with its language.
    locale = RadioField(
        _l("Language of the interface and the course"),
        choices=[
            SelectChoice(BROWSER, _l("The language my browser asks for")),
            *(SelectChoice(code, name) for code, name in LANGUAGE_NAMES.items()),
        ],
        default=BROWSER,
        validate_choice=True,
    )
