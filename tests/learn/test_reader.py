import re

from sqlalchemy import select

from learnlab.db import db
from learnlab.progress.models import ModuleProgress, SectionProgress


def done(post, slug, section, value="1", then="stay"):  # type: ignore[no-untyped-def]
    return post(f"/modules/{slug}/{section}/done", {"done": value, "then": then})


def test_catalogue_shows_status_time_and_lock_reason(auth, client):
    auth.as_role("trainee")
    html = client.get("/modules").get_data(as_text=True)
    assert "Alpha basics" in html and "Beta follow-up" in html
    # The reading time is computed from the words (issue 14), not the front matter's estimate (10).
    assert "about 1 minute<" in html and "about 10 minutes" not in html
    assert "Not started" in html
    assert re.search(r"Opens when you have completed:\s*<a href=\"/modules/alpha\">Alpha basics</a>", html)


def test_reading_records_position_and_continue_link_points_there(app, auth, client, post):
    user = auth.as_role("trainee")
    assert client.get("/modules/alpha/seals").status_code == 200
    done(post, "alpha", "seals", then="next")
    page = client.get("/modules/alpha/numbers")
    assert page.status_code == 200
    home = client.get("/").get_data(as_text=True)
    assert "Continue where you left off" in home
    assert 'href="/modules/alpha/numbers"' in home
    with app.app_context():
        row = db.session.execute(select(ModuleProgress).where(ModuleProgress.user_id == user.id)).scalar_one()
        assert (row.last_section_id, row.sections_done, row.completed_at) == ("numbers", 1, None)
        versions = {r.content_version for r in db.session.execute(select(SectionProgress)).scalars()}
        assert len(versions) == 1 and len(versions.pop()) == 16


def test_continue_after_signing_out_and_in_again(auth, client, post):
    auth.as_role("trainee")
    client.get("/modules/alpha/seals")
    done(post, "alpha", "seals", then="next")
    client.get("/modules/alpha/numbers")
    done(post, "alpha", "numbers")
    auth.logout()
    landing = auth.login("trainee")
    home = client.get(landing.location).get_data(as_text=True)
    assert "Continue where you left off" in home
    assert 'href="/modules/alpha/summary"' in home  # the next section not yet done


def test_marking_every_section_done_completes_a_module_without_quiz(auth, client, post):
    auth.as_role("trainee")
    for section in ("seals", "numbers", "summary"):
        response = done(post, "alpha", section)
    assert response.location == "/modules/alpha"
    assert "Module completed" in client.get("/modules/alpha").get_data(as_text=True)
    progress = client.get("/progress").get_data(as_text=True)
    assert "Completed" in progress
    catalogue = client.get("/modules").get_data(as_text=True)
    assert "Opens when you have completed" not in catalogue  # beta is unlocked now


def test_unmarking_a_section(auth, client, post):
    auth.as_role("trainee")
    done(post, "alpha", "seals")
    assert "You marked this section as done" in client.get("/modules/alpha/seals").get_data(as_text=True)
    done(post, "alpha", "seals", value="0")
    assert "You marked this section as done" not in client.get("/modules/alpha/seals").get_data(as_text=True)


def test_locked_module_redirects_trainees_but_not_staff(auth, client, post):
    auth.as_role("trainee")
    response = client.get("/modules/beta/first")
    assert response.status_code == 302 and response.location == "/modules/beta"
    assert done(post, "beta", "first").status_code == 403


def test_staff_can_read_locked_modules(auth, client):
    auth.as_role("trainer")
    assert client.get("/modules/beta/first").status_code == 200


def test_unknown_module_and_section_give_the_site_404(auth, client):
    auth.as_role("trainee")
    for url in ("/modules/nope", "/modules/alpha/nope", "/modules/nope/seals"):
        response = client.get(url)
        assert response.status_code == 404
        assert "Page not found" in response.get_data(as_text=True)
        assert "Traceback" not in response.get_data(as_text=True)


def test_knowledge_check_without_javascript_and_with(auth, client, post):
    auth.as_role("trainee")
    page = client.get("/modules/alpha/seals").get_data(as_text=True)
    assert "Right: compare first." not in page  # no feedback or key before answering
    assert "Always compare before you touch" not in page
    wrong = post("/modules/alpha/seals/checks/kc-seal", {"answer": "o1"}).get_data(as_text=True)
    assert "Not quite." in wrong and "Breaking it destroys the evidence." in wrong
    right = post(
        "/modules/alpha/seals/checks/kc-seal", {"answer": "o2"}, headers={"Accept": "application/json"}
    )
    assert right.json["correct"] is True
    assert "Always compare before you touch" in right.json["html"]


def test_knowledge_check_refuses_a_tampered_option(auth, client, post):
    auth.as_role("trainee")
    response = post("/modules/alpha/seals/checks/kc-seal", {"answer": "o99"})
    assert response.status_code == 400
    assert "could not be read" in response.get_data(as_text=True)


def test_post_without_csrf_token_gets_a_friendly_400(auth, client):
    auth.as_role("trainee")
    response = client.post("/modules/alpha/seals/done", data={"done": "1"})
    assert response.status_code == 400
    assert "This form has expired" in response.get_data(as_text=True)


def test_media_is_served_with_a_restrictive_policy(auth, client):
    auth.as_role("trainee")
    response = client.get("/modules/alpha/media/seal.svg")
    assert response.status_code == 200
    assert response.mimetype == "image/svg+xml"
    assert "sandbox" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert client.get("/modules/alpha/media/../index.md").status_code == 404


def test_course_page_and_print_view(auth, client):
    auth.as_role("trainee")
    assert "Test course" in client.get("/course").get_data(as_text=True)
    printed = client.get("/modules/alpha/print").get_data(as_text=True)
    assert "Record every number." in printed and "Do not break the seal." in printed
