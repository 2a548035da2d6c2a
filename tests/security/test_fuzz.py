"""The fuzzer: every route, for every role, with hostile values in every parameter; never a 5xx.

Roles: anonymous, trainee, trainer (following one cohort), an administrator limited to a country,
and an administrator for every country. For each, ``tests.security.fuzzing.Walk`` sends hostile
values (integers past 2**63 and below -2**63, NaN and Infinity, dates in year 0 and 9999, NUL and
other control characters, lone surrogates and bytes that are not UTF-8, 60,000 characters, lists
and objects in JSON bodies, every field twice, empty values...) in place of each path parameter,
query parameter and form field, with a valid CSRF token. Afterwards nothing stored may hold a
character that the pages cannot show, and the pages that show what was stored answer.

`make test` samples (a fixed seed, ``PER_FIELD`` values per field, the run printed in the
summary); ``pytest --fuzz-deep`` sends every value to every field and many more generated ones.
Runs on SQLite, and on PostgreSQL with LEARNLAB_TEST_DATABASE_URL.
"""

from __future__ import annotations

from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from learnlab.account.forms import LanguageForm
from learnlab.admin.forms import CohortForm, ImportConfirmForm, ImportForm, MembersForm, PreviewForm, UserForm
from learnlab.admin.models import Cohort, CohortMember, CohortModule, CohortTrainer
from learnlab.auth.forms import ChangePasswordForm, SignInForm
from learnlab.auth.reset import SetPasswordForm
from learnlab.db import db, write_intent
from learnlab.validation import has_forbidden_characters
from tests.helpers import PASSWORD
from tests.security.fuzzing import Walk, stored_text

ROLES = ("anonymous", "trainee", "trainer", "scoped-admin", "admin")
PER_FIELD = 3  # hostile values per field in `make test`; --fuzz-deep sends all of them
SEED = 20261207
# The WTForms form classes behind each POST route (the pages' own forms add what they carry).
FORMS = {
    "auth.login": [SignInForm],
    "auth.change_password": [ChangePasswordForm],
    "auth.reset_password": [SetPasswordForm],
    "account.profile": [LanguageForm],
    "admin.user_new": [UserForm],
    "admin.user_edit": [UserForm],
    "admin.cohort_new": [CohortForm],
    "admin.cohort_edit": [CohortForm],
    "admin.cohort_members": [MembersForm],
    "admin.import_users": [ImportForm],
    "admin.import_confirm": [ImportConfirmForm],
    "admin.preview": [PreviewForm],
}


def deep(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--fuzz-deep"))


@pytest.fixture
def world(app, auth, client, post):  # type: ignore[no-untyped-def]
    """Two cohorts (KZ followed by the trainer, KG), a trainee of each, a trainer, two administrators;
    the KZ trainee has an open attempt at the beta quiz."""
    people = {
        "trainee": auth.create("fz-trainee", "trainee", country="KZ", organisation="SRC"),
        "kg": auth.create("fz-kg", "trainee", country="KG", organisation="SCS"),
        "trainer": auth.create("fz-trainer", "trainer"),
        "scoped-admin": auth.create("fz-admin-kg", "admin", country="KG", scope_country="KG"),
        "admin": auth.create("fz-admin", "admin"),
    }
    with app.app_context(), write_intent():
        kz, kg = Cohort(name="KZ cohort", country="KZ"), Cohort(name="KG cohort", country="KG")
        db.session.add_all([kz, kg])
        db.session.flush()
        db.session.add_all(
            [
                CohortMember(cohort_id=kz.id, user_id=people["trainee"].id),
                CohortMember(cohort_id=kg.id, user_id=people["kg"].id),
                CohortModule(cohort_id=kz.id, module_slug="alpha"),
                CohortModule(cohort_id=kg.id, module_slug="beta"),
                CohortTrainer(cohort_id=kz.id, user_id=people["trainer"].id),
            ]
        )
        db.session.commit()
        cohorts = {"kz": kz.id, "kg": kg.id}
    other = app.test_client()  # the trainee's attempt, made in a browser of their own
    auth.login("fz-trainee", client=other)
    from tests.helpers import get_csrf

    token = get_csrf(other, "/")
    for section in ("seals", "numbers", "summary"):
        other.post(f"/modules/alpha/{section}/done", data={"done": "1", "csrf_token": token})
    other.post("/quizzes/beta/attempts", data={"csrf_token": token})
    return people, cohorts


def sign_in_as(auth, client, role: str, people) -> None:  # type: ignore[no-untyped-def]
    if role != "anonymous":
        assert auth.login(people[role].username, PASSWORD, client=client).status_code == 302


@pytest.mark.parametrize("role", ROLES)
def test_no_route_answers_a_hostile_value_with_a_server_error(app, auth, client, world, role, request):
    people, cohorts = world
    sign_in_as(auth, client, role, people)
    args = {
        "*": {
            "slug": "alpha",
            "section_id": "seals",
            "check_id": "kc-seal",
            "filename": "seal.svg",
            "number": 1,
            "token": "not-a-token",
            "cohort_id": cohorts["kz"] if role != "scoped-admin" else cohorts["kg"],
            "user_id": people["trainee" if role != "scoped-admin" else "kg"].id,
        },
        "quiz.": {"slug": "beta"},
        "admin.quiz_stat": {"slug": "beta"},
    }
    walk = Walk(app, client, role, args, FORMS, per_field=None if deep(request) else PER_FIELD, seed=SEED)
    report = walk.run()
    request.node.user_properties.append(("fuzz", report.summary()))
    print(report.summary())
    assert report.requests > 300
    assert not report.findings, "\n".join(
        f"{f.status} {f.method} {f.endpoint} {f.where}: {f.value}" for f in report.findings
    )
    stored_and_shown(app, auth, people)


def stored_and_shown(app, auth, people) -> None:  # type: ignore[no-untyped-def]
    """Nothing the walk stored holds a character the pages cannot show, and the pages that show
    what was stored (lists, exports, the audit log, each person and cohort) answer."""
    bad = [(t, c, text[:40]) for t, c, text in stored_text(app) if has_forbidden_characters(text)]
    assert not bad, bad
    viewer = app.test_client()
    assert auth.login("fz-admin", PASSWORD, client=viewer).status_code == 302
    pages = [
        "/admin/users",
        "/admin/users?export=users",
        "/admin/cohorts",
        "/admin/cohorts?export=cohorts",
        "/admin/audit",
        "/admin/audit?export=events",
        "/admin/programme",
        "/admin/programme/anonymised.csv",
        "/admin/quizzes",
    ]
    with app.app_context():
        from sqlalchemy import select

        from learnlab.auth.models import User

        user_ids = list(db.session.execute(select(User.id)).scalars())
        cohort_ids = list(db.session.execute(select(Cohort.id)).scalars())
    pages += [f"/admin/users/{i}" for i in user_ids] + [f"/admin/users/{i}/progress" for i in user_ids]
    pages += [f"/admin/cohorts/{i}" for i in cohort_ids] + [f"/admin/cohorts/{i}/members" for i in cohort_ids]
    for page in pages:
        response = viewer.get(page)
        assert response.status_code == 200, (page, response.status_code)
        response.close()


# -- generated values (hypothesis) -----------------------------------------------------------------
# Any text at all (lone surrogates included, sent as the bytes a client would) in the sign-in form,
# the people search and a path segment: a page or a 4xx, never a 5xx.
ANY_TEXT = st.text(st.characters(codec=None, exclude_categories=()), max_size=300)


def _examples(request: pytest.FixtureRequest) -> int:
    return 2000 if deep(request) else 40


def test_generated_sign_in_forms_never_fail(app, auth, client, request):
    auth.create("aigerim")
    from tests.helpers import get_csrf

    token = get_csrf(client)

    @settings(
        max_examples=_examples(request),
        derandomize=True,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(username=ANY_TEXT, password=ANY_TEXT)
    def check(username: str, password: str) -> None:
        body = "&".join(
            f"{k}={quote(v.encode('utf-8', 'surrogatepass'), safe='')}"
            for k, v in (("csrf_token", token), ("username", username), ("password", password))
        )
        response = client.post("/login", data=body, content_type="application/x-www-form-urlencoded")
        assert response.status_code < 500, (username, password, response.status_code)

    check()


def test_generated_searches_and_addresses_never_fail(app, auth, client, request):
    auth.as_role("admin", "boss")

    @settings(
        max_examples=_examples(request),
        derandomize=True,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(text=ANY_TEXT, number=st.integers(min_value=-(2**70), max_value=2**70))
    def check(text: str, number: int) -> None:
        encoded = quote(text.encode("utf-8", "surrogatepass"), safe="")
        for url in (
            f"/admin/users?q={encoded}&page={number}",
            f"/admin/audit?actor={encoded}&from={encoded}&target={number}",
            f"/admin/users/{number}",
            f"/admin/cohorts/{number}",
            f"/modules/{encoded}",
            f"/admin/quizzes/{encoded}",
        ):
            response = client.get(url)
            assert response.status_code < 500, (url, response.status_code)

    check()


@given(value=st.text(st.characters(codec=None, exclude_categories=()), max_size=50))
@settings(derandomize=True, max_examples=300)
def test_the_validation_layer_reads_numbers_and_dates_without_raising(value):
    from learnlab.validation import MAX_DAY, MIN_DAY, parse_day, to_int

    number = to_int(value, low=-(2**31), high=2**31 - 1)
    assert number is None or -(2**31) <= number <= 2**31 - 1
    day = parse_day(value)
    assert day is None or MIN_DAY <= day <= MAX_DAY
