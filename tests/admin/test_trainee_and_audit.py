"""The trainee view (modules, sections, attempts, time line) and the audit log page."""

from __future__ import annotations

from sqlalchemy import select

from learnlab.audit import AuditEvent
from learnlab.db import db
from tests.admin.tables import csv_rows, html_tables
from tests.admin.test_quiz_stats import submitted_attempt


def test_trainee_view_lists_modules_sections_attempts_and_activity(app, auth, client, world):
    uid = world.users["aigerim"]
    submitted_attempt(app, uid, {"q-first": 1, "q-digit": 0})
    auth.as_role("admin", "boss")
    html = client.get(f"/admin/users/{uid}/progress").get_data(as_text=True)
    tables = html_tables(html)
    modules = tables["table-modules"]
    assert modules[0][:5] == ["Alpha basics", "Completed", "100", "3", "10 Jan 2020"]
    assert modules[1][:5] == ["Beta follow-up", "In progress", "33", "1", "1 Jan 2099"]
    sections = tables["table-sections"]
    assert [r[:2] for r in sections] == [
        ["Alpha basics", "Seals"],
        ["Alpha basics", "Numbers"],
        ["Alpha basics", "Summary"],
        ["Beta follow-up", "First"],
        ["Beta follow-up", "Second"],
    ]
    assert sections[4][2:] == ["—", "—"] and sections[3][3] != "—"
    attempts = tables["table-attempts"]
    assert attempts[0][:3] == ["Beta: quiz", "1", "submitted"] and attempts[0][5:7] == ["50%", "no"]
    kinds = [r[1] for r in tables["table-timeline"]]
    assert (
        "Submitted a quiz attempt" in kinds
        and "Completed a module" in kinds
        and "Marked a section done" in kinds
    )
    timeline = csv_rows(client.get(f"/admin/users/{uid}/progress?export=timeline").get_data())
    assert timeline[0] == ["When (UTC)", "What", "Module or quiz", "Section or attempt", "Score"]
    assert len(timeline) - 1 == len(tables["table-timeline"])
    assert "KZ cohort" in html


def test_a_trainee_with_no_activity(auth, client, world):
    auth.as_role("admin", "boss")
    tables = html_tables(client.get(f"/admin/users/{world.users['nurlan']}/progress").get_data(as_text=True))
    assert [r[1] for r in tables["table-modules"]] == ["Overdue", "Not started"]
    assert tables["table-attempts"] == [["No quiz attempts yet."]]
    assert tables["table-timeline"] == [["No activity yet."]]


def test_audit_log_shows_changes_with_before_and_after_and_filters(app, auth, client, post, world):
    auth.as_role("admin", "boss")
    uid = world.users["daulet"]
    post(
        f"/admin/users/{uid}",
        {
            "display_name": "Daulet Bekov",
            "role": "trainee",
            "country": "KZ",
            "organisation": "SRC",
            "unit": "PCU Khorgos",
            "locale": "",
            "email": "",
        },
        token_page=f"/admin/users/{uid}",
    )
    post(
        f"/admin/cohorts/{world.kz}/members/{world.users['nurlan']}/remove",
        token_page=f"/admin/cohorts/{world.kz}/members",
    )
    page = client.get("/admin/audit?action=admin.user_updated").get_data(as_text=True)
    rows = html_tables(page)["table-events"]
    assert len(rows) == 1
    when, who, what, about, before, after, _ip = rows[0]
    assert (who, what, about) == ("boss", "admin.user_updated", f"user {uid} (daulet)")
    assert before == '{"unit": "PCU Altynkol"}' and after == '{"unit": "PCU Khorgos"}'
    assert f'href="/admin/users/{uid}"' in page
    by_target = html_tables(
        client.get(f"/admin/audit?target_type=cohort&target={world.kz}").get_data(as_text=True)
    )
    assert [r[2] for r in by_target["table-events"]] == ["admin.cohort_member_removed"]
    by_actor = html_tables(client.get("/admin/audit?actor=BOSS&to=2000-01-01").get_data(as_text=True))
    assert by_actor["table-events"] == [["No events match these filters."]]
    exported = csv_rows(client.get("/admin/audit?action=admin.user_updated&export=events").get_data())
    assert exported[1][1:6] == [who, what, about, before, after]
    with app.app_context():
        assert db.session.execute(select(AuditEvent).where(AuditEvent.action == "auth.sign_in")).first()
    signins = html_tables(client.get("/admin/audit?action=auth.sign_in").get_data(as_text=True))[
        "table-events"
    ]
    assert signins and signins[0][1] == "boss"
