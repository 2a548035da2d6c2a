"""Every route declares who may use it; this walks the URL map and checks each role against it."""

import re

import pytest

from learnlab.access import PUBLIC, SIGNED_IN, access_of

# endpoint -> who may use it ("public", "signed-in", or the set of roles). A new route must be
# added here, or this test fails.
EXPECTED = {
    "static": PUBLIC,
    "health.healthz": PUBLIC,
    "auth.login": PUBLIC,
    "auth.logout": PUBLIC,
    "auth.change_password": SIGNED_IN,
    "learn.home": SIGNED_IN,
    "learn.course": SIGNED_IN,
    "learn.catalogue": SIGNED_IN,
    "learn.module": SIGNED_IN,
    "learn.module_print": SIGNED_IN,
    "learn.section": SIGNED_IN,
    "learn.mark_done": SIGNED_IN,
    "learn.knowledge_check": SIGNED_IN,
    "learn.media": SIGNED_IN,
    "learn.my_progress": SIGNED_IN,
    "quiz.quiz": SIGNED_IN,
    "quiz.start": SIGNED_IN,
    "quiz.attempt": SIGNED_IN,
    "quiz.save": SIGNED_IN,
    "quiz.submit": SIGNED_IN,
    "quiz.review": SIGNED_IN,
    "auth.reset_password": PUBLIC,
    "admin.index": frozenset({"trainer", "admin"}),
    "admin.content_status": frozenset({"trainer", "admin"}),
    "admin.content_source": frozenset({"trainer", "admin"}),
    "admin.preview": frozenset({"trainer", "admin"}),
    "admin.quiz_stats": frozenset({"trainer", "admin"}),
    "admin.quiz_stat": frozenset({"trainer", "admin"}),
    "admin.users": frozenset({"admin"}),
    "admin.user_new": frozenset({"admin"}),
    "admin.user_edit": frozenset({"admin"}),
    "admin.user_set_active": frozenset({"admin"}),
    "admin.user_reset_link": frozenset({"admin"}),
    "admin.trainee": frozenset({"admin"}),
    "admin.import_users": frozenset({"admin"}),
    "admin.import_confirm": frozenset({"admin"}),
    "admin.cohorts": frozenset({"admin"}),
    "admin.cohort_new": frozenset({"admin"}),
    "admin.cohort": frozenset({"admin"}),
    "admin.cohort_edit": frozenset({"admin"}),
    "admin.cohort_delete": frozenset({"admin"}),
    "admin.cohort_members": frozenset({"admin"}),
    "admin.cohort_member_remove": frozenset({"admin"}),
    "admin.cohort_modules": frozenset({"admin"}),
    "admin.cohort_password_links": frozenset({"admin"}),
    "admin.programme": frozenset({"admin"}),
    "admin.programme_anonymised": frozenset({"admin"}),
    "admin.audit_log": frozenset({"admin"}),
}
ROLES = ("trainee", "trainer", "admin")
SAMPLE_ARGS = {"slug": "alpha", "section_id": "seals", "check_id": "kc-seal", "filename": "seal.svg", "number": 1,
               "cohort_id": 1, "user_id": 1, "token": "not-a-token"}


def test_every_endpoint_is_declared_and_matches_the_table(app):
    declared = {rule.endpoint: access_of(app, rule.endpoint) for rule in app.url_map.iter_rules()}
    assert set(declared) == set(EXPECTED), "add new routes to EXPECTED with their access rule"
    for endpoint, access in declared.items():
        assert access == EXPECTED[endpoint], endpoint


def _requests(app):  # type: ignore[no-untyped-def]
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        url = rule.rule
        for name in rule.arguments:
            url = re.sub(rf"<(?:[a-z]+:)?{name}>", str(SAMPLE_ARGS[name]), url)
        method = "GET" if "GET" in rule.methods else "POST"
        yield rule.endpoint, method, url


def _allowed(access, role):  # type: ignore[no-untyped-def]
    return access in (PUBLIC, SIGNED_IN) or role in access


@pytest.mark.parametrize("role", [None, *ROLES])
def test_each_role_gets_in_or_is_refused(app, auth, client, role):
    if role:
        auth.as_role(role)
    for endpoint, method, url in _requests(app):
        access = EXPECTED[endpoint]
        # POSTs go without a CSRF token: a refused role must be refused before the token matters.
        response = client.open(url, method=method)
        if role is None and access != PUBLIC:
            assert response.status_code == 302 and "/login" in response.location, (endpoint, response.status_code)
        elif role and not _allowed(access, role):
            assert response.status_code == 403, (endpoint, role, response.status_code)
        else:
            assert response.status_code not in (403,) and not (
                response.status_code == 302 and "/login" in (response.location or "")
            ), (endpoint, role, response.status_code)
