"""Every route declares who may use it; this walks the URL map and checks each role against it."""

import re

import pytest

from learnlab.access import PUBLIC, SIGNED_IN, access_of

# endpoint -> who may use it ("public", "signed-in", or the set of roles). A new route must be
# added here, or this test fails.
EXPECTED = {
    "static": PUBLIC,
    "health.healthz": PUBLIC,
    "offline.service_worker": PUBLIC,
    "offline.needs_connection": PUBLIC,
    "offline.module_list": SIGNED_IN,
    "offline.progress_events": SIGNED_IN,
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
    "learn.case": SIGNED_IN,
    "quiz.quiz": SIGNED_IN,
    "quiz.start": SIGNED_IN,
    "quiz.attempt": SIGNED_IN,
    "quiz.save": SIGNED_IN,
    "quiz.submit": SIGNED_IN,
    "quiz.finish": SIGNED_IN,
    "quiz.review": SIGNED_IN,
    "diagnostic.home": SIGNED_IN,
    "diagnostic.start": SIGNED_IN,
    "diagnostic.take": SIGNED_IN,
    "diagnostic.save": SIGNED_IN,
    "diagnostic.submit": SIGNED_IN,
    "diagnostic.results": SIGNED_IN,
    "auth.reset_password": PUBLIC,
    "admin.index": frozenset({"trainer", "admin"}),
    "admin.content_status": frozenset({"trainer", "admin"}),
    "account.profile": SIGNED_IN,
    "account.set_language": PUBLIC,
    "admin.content_source": frozenset({"trainer", "admin"}),
    "admin.preview": frozenset({"trainer", "admin"}),
    "admin.quiz_stats": frozenset({"trainer", "admin"}),
    "admin.quiz_stat": frozenset({"trainer", "admin"}),
    "admin.marking_queue": frozenset({"trainer", "admin"}),
    "admin.marking_attempt": frozenset({"trainer", "admin"}),
    "admin.mark_answer": frozenset({"trainer", "admin"}),
    "admin.users": frozenset({"admin"}),
    "admin.user_new": frozenset({"admin"}),
    "admin.user_edit": frozenset({"admin"}),
    "admin.user_set_active": frozenset({"admin"}),
    "admin.user_reset_link": frozenset({"admin"}),
    "admin.trainee": frozenset({"trainer", "admin"}),
    "admin.import_users": frozenset({"admin"}),
    "admin.import_confirm": frozenset({"admin"}),
    "admin.cohorts": frozenset({"trainer", "admin"}),
    "admin.cohort_new": frozenset({"admin"}),
    "admin.cohort": frozenset({"trainer", "admin"}),
    "admin.cohort_diagnostic": frozenset({"trainer", "admin"}),
    "admin.cohort_trainer_add": frozenset({"admin"}),
    "admin.cohort_trainer_remove": frozenset({"admin"}),
    "admin.cohort_edit": frozenset({"admin"}),
    "admin.cohort_delete": frozenset({"admin"}),
    "admin.cohort_members": frozenset({"admin"}),
    "admin.cohort_member_remove": frozenset({"admin"}),
    "admin.cohort_modules": frozenset({"admin"}),
    "admin.cohort_password_links": frozenset({"admin"}),
    "admin.programme": frozenset({"admin"}),
    "admin.programme_anonymised": frozenset({"admin"}),
    "admin.audit_log": frozenset({"admin"}),
    "authoring.index": frozenset({"trainer", "admin"}),
    "authoring.edit": frozenset({"trainer", "admin"}),
    "authoring.preview": frozenset({"trainer", "admin"}),
    "authoring.history": frozenset({"trainer", "admin"}),
    "authoring.diff": frozenset({"trainer", "admin"}),
    "authoring.restore": frozenset({"trainer", "admin"}),
    "authoring.new": frozenset({"trainer", "admin"}),
    "authoring.picture": frozenset({"trainer", "admin"}),
    "certificates.verify": PUBLIC,
    "certificates.verify_form": PUBLIC,
    "certificates.mine": SIGNED_IN,
    "certificates.download": SIGNED_IN,
    "certificates.credential_download": SIGNED_IN,
    "certificates.verify_credential": PUBLIC,
    "certificates.jwks": PUBLIC,
    "admin.cohort_certificates": frozenset({"admin"}),
    "admin.cohort_certificate_settings": frozenset({"admin"}),
    "admin.cohort_certificates_zip": frozenset({"admin"}),
    "admin.certificate_revoke": frozenset({"admin"}),
    "admin.certificate_reissue": frozenset({"admin"}),
}
ROLES = ("trainee", "trainer", "admin")
SAMPLE_ARGS = {
    "slug": "alpha",
    "section_id": "seals",
    "check_id": "kc-seal",
    "filename": "seal.svg",
    "number": 1,
    "cohort_id": 1,
    "user_id": 1,
    "token": "not-a-token",
    "case_id": "no-such-case",
    "attempt_id": 1,
    "question_id": "q-first",
    "phase": "pre",
    "certificate_id": 1,
    "code": "ABCD-EFGH-IJKL-MNOP",
}


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
            assert response.status_code == 302 and "/login" in response.location, (
                endpoint,
                response.status_code,
            )
        elif role and not _allowed(access, role):
            assert response.status_code == 403, (endpoint, role, response.status_code)
        else:
            assert response.status_code not in (403,) and not (
                response.status_code == 302 and "/login" in (response.location or "")
            ), (endpoint, role, response.status_code)


# A country-scoped administrator: the admin role, limited to people and cohorts of one country.
# Every route an administrator may use is open to them, but a person or cohort of another country
# named in the address is "not found" (404, audited), never "forbidden" (which would confirm it).
SCOPED_NOT_FOUND = {
    "admin.user_edit",
    "admin.user_set_active",
    "admin.user_reset_link",
    "admin.trainee",
    "admin.cohort",
    "admin.cohort_diagnostic",
    "admin.cohort_edit",
    "admin.cohort_delete",
    "admin.cohort_members",
    "admin.cohort_member_remove",
    "admin.cohort_modules",
    "admin.cohort_password_links",
    "admin.cohort_trainer_add",
    "admin.cohort_trainer_remove",
    "admin.cohort_certificates",
    "admin.cohort_certificate_settings",
    "admin.cohort_certificates_zip",
    "admin.certificate_revoke",
    "admin.certificate_reissue",
}


def test_a_country_scoped_admin_gets_in_everywhere_but_not_to_another_countrys_records(app, auth, client):
    from sqlalchemy import select

    from learnlab.admin.models import Cohort
    from learnlab.audit import AuditEvent
    from learnlab.db import db, write_intent
    from tests.helpers import csrf_from

    kz_trainee = auth.create("kz-trainee", "trainee", country="KZ")  # user 1 in SAMPLE_ARGS
    with app.app_context(), write_intent():
        db.session.add(Cohort(name="KZ cohort", country="KZ"))  # cohort 1
        db.session.commit()
    assert kz_trainee.id == SAMPLE_ARGS["user_id"]
    auth.as_role("admin", "admin-kg", country="KG", scope_country="KG")
    token = csrf_from(client.get("/").get_data(as_text=True))
    by_id = {r.endpoint for r in app.url_map.iter_rules() if {"user_id", "cohort_id"} & set(r.arguments)}
    assert by_id == SCOPED_NOT_FOUND, "declare how a scoped administrator meets the new route"
    for endpoint, method, url in _requests(app):
        if endpoint == "auth.logout":
            continue
        response = client.open(url, method=method, data={"csrf_token": token} if method == "POST" else None)
        if endpoint in SCOPED_NOT_FOUND:
            assert response.status_code == 404, (endpoint, response.status_code)
        else:
            assert _allowed(EXPECTED[endpoint], "admin") and response.status_code != 403, endpoint
            assert not (response.status_code == 302 and "/login" in (response.location or "")), endpoint
    with app.app_context():
        refused = (
            db.session.execute(select(AuditEvent).where(AuditEvent.action == "access.refused"))
            .scalars()
            .all()
        )
    reasons = [(e.target_id, e.details["reason"]) for e in refused]
    assert sum("out of scope" in r for _t, r in reasons) >= len(SCOPED_NOT_FOUND), reasons


# A trainer follows cohorts (issue 15): on those, the dashboard and each trainee's progress and
# attempts; any other cohort or person is "not found"; account and cohort management stays with
# administrators (403 whatever the id).
TRAINER_BY_ID = {"admin.cohort", "admin.cohort_diagnostic", "admin.trainee"}


def _url(rule, args):  # type: ignore[no-untyped-def]
    url = rule.rule
    for name in rule.arguments:
        url = re.sub(rf"<(?:[a-z]+:)?{name}>", str(args.get(name, SAMPLE_ARGS.get(name))), url)
    return url


def test_a_trainer_sees_the_cohorts_they_follow_and_nothing_else(app, auth, client):
    from sqlalchemy import select

    from learnlab.admin.models import Cohort, CohortMember, CohortTrainer
    from learnlab.audit import AuditEvent
    from learnlab.db import db, write_intent

    mine = auth.create("mine", "trainee", country="KZ", display_name="Mine Trainee")
    other = auth.create("other", "trainee", country="KZ", display_name="Other Trainee")
    trainer = auth.as_role("trainer", "coach")
    with app.app_context(), write_intent():
        followed, not_followed = (
            Cohort(name="Followed", country="KZ"),
            Cohort(name="Not followed", country="KZ"),
        )
        db.session.add_all([followed, not_followed])
        db.session.flush()
        db.session.add_all(
            [
                CohortMember(cohort_id=followed.id, user_id=mine.id),
                CohortMember(cohort_id=not_followed.id, user_id=other.id),
                CohortTrainer(cohort_id=followed.id, user_id=trainer.id),
            ]
        )
        db.session.commit()
        ids = {
            "yes": {"cohort_id": followed.id, "user_id": mine.id},
            "no": {"cohort_id": not_followed.id, "user_id": other.id},
        }
    by_id = {r.endpoint for r in app.url_map.iter_rules() if {"user_id", "cohort_id"} & set(r.arguments)}
    assert by_id >= TRAINER_BY_ID
    for rule in app.url_map.iter_rules():
        if rule.endpoint not in by_id:
            continue
        method = "GET" if "GET" in rule.methods else "POST"
        for which, args in ids.items():
            response = client.open(_url(rule, args), method=method)
            if rule.endpoint not in TRAINER_BY_ID:
                assert response.status_code == 403, (rule.endpoint, which, response.status_code)
            elif which == "yes":
                assert response.status_code == 200, (rule.endpoint, which, response.status_code)
            else:
                assert response.status_code == 404, (rule.endpoint, which, response.status_code)
                assert "Other Trainee" not in response.get_data(as_text=True)
    listing = client.get("/admin/cohorts").get_data(as_text=True)
    assert "Followed" in listing and "Not followed" not in listing
    dashboard = client.get(f"/admin/cohorts/{ids['yes']['cohort_id']}").get_data(as_text=True)
    assert "Mine Trainee" in dashboard and "Other Trainee" not in dashboard
    assert "/members" not in dashboard and "/edit" not in dashboard  # no management for trainers
    assert f'/admin/users/{mine.id}"' not in client.get(f"/admin/users/{mine.id}/progress").get_data(
        as_text=True
    )
    with app.app_context():
        refused = (
            db.session.execute(select(AuditEvent).where(AuditEvent.action == "access.refused"))
            .scalars()
            .all()
        )
    assert sum("out of scope" in e.details["reason"] for e in refused) == len(TRAINER_BY_ID)
