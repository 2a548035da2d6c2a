"""Reading and taking quizzes in Russian, Kazakh and English: one set of records whatever the language."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from learnlab.db import db
from learnlab.progress.models import ModuleProgress, SectionProgress
from learnlab.quiz.records import AttemptAnswer, QuizAttempt
from tests.helpers import in_page, save_counter, start_beta_quiz
from tests.i18n.conftest import version_of

RU = "ru-RU,ru;q=0.9,en;q=0.5"
NBSP = "\xa0"


@pytest.fixture
def russian(auth, client):  # type: ignore[no-untyped-def]
    """A trainee whose browser asks for Russian (nothing saved in the profile)."""
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = RU
    return auth.as_role("trainee")


def done(post, slug, section):  # type: ignore[no-untyped-def]
    return post(f"/modules/{slug}/{section}/done", {"done": "1"})


def switch(post, lang, next_url):  # type: ignore[no-untyped-def]
    response = post("/language", {"lang": lang, "next": next_url})
    assert response.status_code == 303
    return response


def test_russian_browser_sees_interface_and_course_in_russian(russian, client):
    home = client.get("/").get_data(as_text=True)
    assert '<html lang="ru">' in home and "Добро пожаловать" in home
    catalogue = client.get("/modules").get_data(as_text=True)
    assert "Альфа: основы" in catalogue and "Alpha basics" not in catalogue
    assert "около 1 минуты" in catalogue and "3 раздела" in catalogue  # reading time from the words
    # beta has no Russian text yet: shown in English, and the card says so in Russian
    assert "Beta follow-up" in catalogue and "Язык: English" in catalogue
    module = client.get("/modules/alpha").get_data(as_text=True)
    assert '<header class="module-head" lang="ru">' in module and "Чему вы научитесь" in module
    assert "ещё не переведён" not in module  # no notice: the module is in Russian
    section = client.get("/modules/alpha/seals").get_data(as_text=True)
    assert "Пломбу проверяет" in section and "Раздел 1 из 3" in section and "Проверьте себя" in section
    assert 'title="Вернуться к сноске 1 в тексте"' in section  # even Markdown's own words
    assert 'href="/modules/alpha/numbers"' in section  # links resolved as in the source


def test_a_russian_trainee_switches_to_english_mid_module_and_keeps_progress(app, russian, client, post):
    client.get("/modules/alpha/seals")
    done(post, "alpha", "seals")
    checked = post("/modules/alpha/seals/checks/kc-seal", {"answer": "o2"}).get_data(as_text=True)
    assert "Верно: сначала сверка." in checked  # the knowledge check in Russian, graded the same way
    client.get("/modules/alpha/numbers")
    switch(post, "en", "/modules/alpha/numbers")
    page = client.get("/modules/alpha/numbers").get_data(as_text=True)
    assert '<html lang="en">' in page and "Record every number." in page
    assert "Sections (1 of 3 done)" in page  # what was done in Russian counts in English
    home = client.get("/").get_data(as_text=True)
    assert 'href="/modules/alpha/numbers"' in home and "Alpha basics" in home  # continue, now in English
    done(post, "alpha", "numbers")
    switch(post, "ru", "/modules/alpha/summary")
    assert "Разделы (пройдено 2 из 3)" in client.get("/modules/alpha/summary").get_data(as_text=True)
    done(post, "alpha", "summary")
    with app.app_context():
        rows = (
            db.session.execute(select(SectionProgress).order_by(SectionProgress.section_id)).scalars().all()
        )
        assert [r.section_id for r in rows] == ["numbers", "seals", "summary"]  # one row per section id
        # Progress records the English source's version, whichever language was read.
        source = version_of(Path(app.config["CONTENT_DIR"]) / "modules/alpha/index.md")
        assert {r.content_version for r in rows} == {source}
        module = db.session.execute(select(ModuleProgress)).scalar_one()
        assert module.completed_at is not None and module.sections_done == 3
    progress = client.get("/progress").get_data(as_text=True)
    assert "Альфа: основы" in progress and "Завершено" in progress


def test_a_kazakh_user_sees_a_kazakh_interface_and_russian_content_with_a_notice(auth, client):
    auth.create("aigerim", locale="kk")
    auth.login("aigerim")
    section = client.get("/modules/alpha/seals").get_data(as_text=True)
    assert '<html lang="kk">' in section
    assert "Өзіңізді тексеріңіз" in section and "Бөлім: 3 ішінен 1" in section  # interface in Kazakh
    assert '<article class="reader__body" lang="ru"' in section and "Пломбу проверяет" in section
    notice = re.search(r'<p class="notice" role="note" lang="kk">\s*(.*?)\s*</p>', section, re.S)
    assert notice and notice.group(1) == (
        "Бұл мәтін сіздің тіліңізге әлі аударылмаған, сондықтан басқа тілде көрсетілген: Русский."
    )
    assert "Бұл мәтін" in client.get("/modules/alpha").get_data(as_text=True)
    assert "Бұл мәтін" in client.get("/modules/alpha/print").get_data(as_text=True)
    catalogue = client.get("/modules").get_data(as_text=True)
    assert "Тілі: Русский" in catalogue and "Тілі: English" in catalogue  # alpha in Russian, beta in English


@pytest.fixture
def beta_unlocked(russian, post):  # type: ignore[no-untyped-def]
    for section in ("seals", "numbers", "summary"):
        done(post, "alpha", section)
    return russian


def test_a_russian_trainee_takes_the_quiz_in_russian(app, beta_unlocked, client, post):
    quiz = client.get("/quizzes/beta").get_data(as_text=True)
    assert "Бета: тест" in quiz and f"70{NBSP}%" in quiz  # pass mark written the Russian way
    url, page, seq = start_beta_quiz(client, post)
    assert "Какой сухой порт" in page and "Вопрос 3 из 3" in page
    with app.app_context():
        attempt = db.session.execute(select(QuizAttempt)).scalar_one()
        quiz_source = Path(app.config["QUIZ_DIR"]) / "beta.md"
        assert (attempt.locale, attempt.content_version) == ("ru", version_of(quiz_source))
    # The Russian accepted answer, typed in lower case: right.
    review = client.get(
        post(
            url + "/submit",
            in_page(client, url, {"seq": seq, "q:q-first": "o2", "q:q-digit": "o1", "q:q-port": "хоргос"}),
        ).location
    ).get_data(as_text=True)
    assert f"Ваш результат: 100{NBSP}%" in review
    assert "Верно: «Хоргос — Восточные ворота»." in review
    with app.app_context():
        port = db.session.execute(
            select(AttemptAnswer).where(AttemptAnswer.question_id == "q-port")
        ).scalar_one()
        assert port.is_correct is True
        assert (
            db.session.execute(select(ModuleProgress).where(ModuleProgress.module_slug == "beta"))
            .scalar_one()
            .best_score
            == 100.0
        )


def test_short_answers_are_graded_in_the_attempts_language(app, auth, client, post):
    auth.as_role("trainee")  # English
    for section in ("seals", "numbers", "summary"):
        done(post, "alpha", section)
    url, page, seq = start_beta_quiz(client, post)
    assert "Which dry port" in page
    post(
        url + "/submit",
        in_page(client, url, {"seq": seq, "q:q-first": "o2", "q:q-digit": "o1", "q:q-port": "Хоргос"}),
    )
    url2, _page, seq2 = start_beta_quiz(client, post)
    post(
        url2 + "/submit",
        in_page(client, url2, {"seq": seq2, "q:q-first": "o2", "q:q-digit": "o1", "q:q-port": "khorgos"}),
    )
    with app.app_context():
        rows = (
            db.session.execute(
                select(AttemptAnswer)
                .where(AttemptAnswer.question_id == "q-port")
                .order_by(AttemptAnswer.attempt_id)
            )
            .scalars()
            .all()
        )
        assert [r.is_correct for r in rows] == [False, True]  # the Russian answer is not on the English list


def test_an_attempt_keeps_its_language_when_the_reader_switches(app, beta_unlocked, client, post):
    url, _page, seq = start_beta_quiz(client, post)
    post(url + "/save", in_page(client, url, {"seq": seq, "q:q-port": "Хоргос"}))
    switch(post, "en", url)
    page = client.get(url).get_data(as_text=True)
    assert '<html lang="en">' in page and "Save answers" in page  # the interface follows the switch
    assert "Какой сухой порт" in page  # the attempt stays in Russian ...
    assert (
        "This attempt is in Русский, the language it was started in; it is graded in that language too."
        in page
    )
    seq = save_counter(page)
    review = client.get(
        post(
            url + "/submit",
            in_page(client, url, {"seq": seq, "q:q-first": "o2", "q:q-digit": "o1", "q:q-port": "Хоргос"}),
        ).location
    ).get_data(as_text=True)
    assert "Your score: 100%" in review  # ... and is graded against the Russian accepted answers
    assert "the language it was started in" in review
    # A new attempt, started in English, is in English.
    _url, page2, _seq = start_beta_quiz(client, post)
    assert "Which dry port" in page2 and "the language it was started in" not in page2


def test_quiz_results_and_dates_are_formatted_for_the_locale(fixed_clock, app, beta_unlocked, client, post):
    url, _page, seq = start_beta_quiz(client, post)
    post(
        url + "/submit",
        in_page(client, url, {"seq": seq, "q:q-first": "o2", "q:q-digit": "o2", "q:q-port": "нет"}),
    )
    review = client.get(url + "/review").get_data(as_text=True)
    assert f"Ваш результат: 33,3{NBSP}%" in review
    assert f"1 из 3 баллов. Проходной балл — 70{NBSP}%." in review
    assert "Неверно" in review and "1 из 1 балла" in review
    quiz = client.get("/quizzes/beta").get_data(as_text=True)
    # "7 дек. 2026 г., 19:30": the month as a word, a 24-hour clock (never "12/7/26" or "07.12.2026").
    assert re.search(r"<td>\d{1,2} (дек|янв)\. 202[67]\u202fг\., [0-2]\d:[0-5]\d</td>", quiz)
    assert "незачёт" in quiz


@pytest.mark.parametrize(("country", "hours"), [("KZ", 5), ("KG", 6), (None, 0)])
def test_times_are_shown_in_the_trainees_country_time(fixed_clock, app, auth, client, post, country, hours):
    auth.as_role("trainee", country=country)
    for section in ("seals", "numbers", "summary"):
        done(post, "alpha", section)
    start_beta_quiz(client, post)
    with app.app_context():
        started = db.session.execute(select(QuizAttempt)).scalar_one().started_at
    assert abs(started - fixed_clock) < timedelta(minutes=1)
    local = started + timedelta(hours=hours)
    quiz = client.get("/quizzes/beta").get_data(as_text=True)
    # The local day with the month as a word, and a 24-hour clock: "8 Dec 2026, 00:40".
    assert f"<td>{local.day} {local:%b %Y, %H:%M}</td>" in quiz


def test_due_dates_on_the_home_page_name_modules_in_the_readers_language(app, russian, client):
    from datetime import date

    from tests.admin.conftest import add_cohort, join

    cohort = add_cohort(app, "KZ", "KZ", {"alpha": date(2099, 1, 1)})
    join(app, cohort, russian.id)
    home = client.get("/").get_data(as_text=True)
    due = re.search(r'<section class="card due-list".*?</section>', home, re.S).group(0)
    assert "Сроки" in due and '<a href="/modules/alpha" lang="ru">Альфа: основы</a>' in due
    assert "1 янв. 2099" in due
