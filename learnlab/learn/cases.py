"""The case page: one recurring training scenario, as its case file tells it (learnlab.content.cases)."""

from __future__ import annotations

from flask import abort, render_template

from learnlab import content
from learnlab.access import signed_in
from learnlab.i18n import current_language
from learnlab.learn.views import bp


@bp.get("/cases/<case_id>")
@signed_in
def case(case_id: str) -> str:
    state = content.state()
    lang = current_language()
    found = state.case(case_id, lang)
    if found is None:
        abort(404)
    shown_case, shown = found
    used_in = [
        module
        for module, _module_lang in state.localized_modules(lang)
        if case_id in module.case_ids or case_id in state.modules[module.slug]["en"].case_ids
    ]
    return render_template("learn/case.html", case=shown_case, shown_lang=shown, used_in=used_in)
