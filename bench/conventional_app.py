"""The peer: the section page written the way a competent Flask team would write it.

Issue 18 asks LearnLab's section page to be compared with what a user would otherwise run, not only
with a static file. This app is that conventional page, built from the extensions everyone reaches
for: Flask-Login loading the user through the ORM on every request, Flask-SQLAlchemy, Flask-WTF's
CSRFProtect (a token in the page's form), Flask-Babel translating the interface strings (LearnLab's
own Russian catalogue, so the lookups are real), and a Jinja layout with navigation, a language
switcher and a footer. Per page view it makes three reads (the module, its sections, the trainee's
progress) and one upsert of the reading position, committed. The body is the same LearnLab
section's HTML, padded to the same size as LearnLab's page (the benchmark checks both sizes).

Run by bench/bench_module_page.py under gunicorn with the same settings as LearnLab:
``PEER_DATABASE`` (a SQLite file the benchmark fills with ``prepare()``), ``PEER_PAGE_BYTES``.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

from flask import Flask, abort, render_template, request
from flask_babel import Babel, get_locale, gettext, ngettext
from flask_login import LoginManager, UserMixin, current_user, login_required, login_user
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from jinja2 import DictLoader
from sqlalchemy import ForeignKey, String, Text, UniqueConstraint, event, select
from sqlalchemy.orm import Mapped, mapped_column

ROOT = Path(__file__).resolve().parent.parent
MARKER = 'class="section-title"'  # the benchmark counts only responses that are the page

db = SQLAlchemy()
login_manager = LoginManager()


class User(UserMixin, db.Model):  # type: ignore[name-defined,misc]
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    is_active_account: Mapped[bool] = mapped_column(default=True)

    @property
    def is_active(self) -> bool:
        return self.is_active_account


class Module(db.Model):  # type: ignore[name-defined,misc]
    slug: Mapped[str] = mapped_column(String(80), primary_key=True)
    title: Mapped[str] = mapped_column(String(200))


class Section(db.Model):  # type: ignore[name-defined,misc]
    id: Mapped[int] = mapped_column(primary_key=True)
    module_slug: Mapped[str] = mapped_column(ForeignKey("module.slug"), index=True)
    section_id: Mapped[str] = mapped_column(String(80))
    position: Mapped[int]
    title: Mapped[str] = mapped_column(String(200))
    html: Mapped[str] = mapped_column(Text)


class Progress(db.Model):  # type: ignore[name-defined,misc]
    __table_args__ = (UniqueConstraint("user_id", "module_slug", "section_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    module_slug: Mapped[str] = mapped_column(String(80))
    section_id: Mapped[str] = mapped_column(String(80))
    viewed_at: Mapped[datetime]
    completed_at: Mapped[datetime | None]


class ReadingPosition(db.Model):  # type: ignore[name-defined,misc]
    __table_args__ = (UniqueConstraint("user_id", "module_slug"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    module_slug: Mapped[str] = mapped_column(String(80))
    section_id: Mapped[str] = mapped_column(String(80))
    visited_at: Mapped[datetime]


LAYOUT = """<!doctype html>
<html lang="{{ get_locale() }}">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>{% block title %}{% endblock %} · LearnLab</title>
  <link rel="stylesheet" href="{{ url_for('static', filename='css/app.css') }}">
  <script src="{{ url_for('static', filename='js/app.js') }}" defer></script>
</head>
<body>
  <a class="skip-link" href="#main">{{ _("Skip to content") }}</a>
  <header class="site-header">
    <a class="brand" href="{{ url_for('home') }}">LearnLab</a>
    <nav aria-label="{{ _('Main') }}">
      <a href="{{ url_for('home') }}">{{ _("Modules") }}</a>
      <a href="{{ url_for('home') }}">{{ _("My progress") }}</a>
      <span>{{ current_user.display_name }}</span>
      <form method="post" action="{{ url_for('home') }}">
        <input type="hidden" name="csrf_token" value="{{ csrf_token() }}">
        <button type="submit">{{ _("Sign out") }}</button>
      </form>
    </nav>
    <form class="language" method="get" action="{{ request.path }}">
      <label for="lang">{{ _("Language") }}</label>
      <select id="lang" name="lang">
        {% for code, name in [("en", "English"), ("ru", "Русский"), ("kk", "Қазақша"), ("ky", "Кыргызча")] %}
        <option value="{{ code }}" {% if code == get_locale()|string %}selected{% endif %}>{{ name }}</option>
        {% endfor %}
      </select>
      <button type="submit">{{ _("Change") }}</button>
    </form>
  </header>
  <main id="main">{% block content %}{% endblock %}</main>
  <footer class="site-footer"><p>{{ _("LearnLab: training for customs enforcement officers.") }}</p></footer>
</body>
</html>"""

SECTION = """{% extends "layout.html" %}
{% block title %}{{ section.title }} · {{ module.title }}{% endblock %}
{% block content %}
<nav class="breadcrumbs" aria-label="{{ _('Breadcrumbs') }}">
  <a href="{{ url_for('home') }}">{{ _("Modules") }}</a> ›
  <a href="{{ url_for('section', slug=module.slug, section_id=sections[0].section_id) }}">{{ module.title }}</a>
</nav>
<aside>
  <p>{{ _("Sections (%(done)s of %(total)s done)", done=done_count, total=sections|length) }}</p>
  <ol>
  {% for s in sections %}
    <li><a href="{{ url_for('section', slug=module.slug, section_id=s.section_id) }}"
      {% if s.section_id == section.section_id %}aria-current="page"{% endif %}>{{ s.title }}</a>
      {% if s.section_id in done %}<span>({{ _("done") }})</span>{% endif %}</li>
  {% endfor %}
  </ol>
</aside>
<article>
  <h1>{{ module.title }} · {{ _("Section %(n)s of %(total)s", n=section.position, total=sections|length) }}</h1>
  <h2 class="section-title">{{ section.title }}</h2>
  <p>{{ ngettext("about %(num)d minute", "about %(num)d minutes", 12) }}</p>
  <div class="prose">{{ section.html|safe }}</div>
  <form method="post" action="{{ url_for('section', slug=module.slug, section_id=section.section_id) }}">
    <input type="hidden" name="csrf_token" value="{{ csrf_token() }}">
    <button type="submit">{{ _("Mark as done and continue") }}</button>
    <button type="submit">{{ _("Mark as done") }}</button>
  </form>
  <nav aria-label="{{ _('Previous and next section') }}">
    {% if previous %}<a rel="prev" href="{{ url_for('section', slug=module.slug, section_id=previous.section_id) }}">{{ _("Previous") }} {{ previous.title }}</a>{% endif %}
    {% if following %}<a rel="next" href="{{ url_for('section', slug=module.slug, section_id=following.section_id) }}">{{ _("Next") }} {{ following.title }}</a>
    {% else %}<a href="{{ url_for('home') }}">{{ _("Back to the module") }}</a>{% endif %}
  </nav>
  <!--{{ padding }}-->
</article>
{% endblock %}"""


def _sqlite_settings(connection, _record) -> None:  # type: ignore[no-untyped-def]
    cursor = connection.cursor()
    for pragma in ("journal_mode=WAL", "busy_timeout=30000", "foreign_keys=ON", "synchronous=NORMAL"):
        cursor.execute(f"PRAGMA {pragma}")
    cursor.close()


def create_app(database: str | None = None) -> Flask:
    app = Flask(__name__, static_folder=str(ROOT / "static"))
    app.config.update(
        SECRET_KEY=os.environ.get("PEER_SECRET_KEY", "peer-bench-secret-key-not-for-production"),
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{database or os.environ['PEER_DATABASE']}",
        BABEL_TRANSLATION_DIRECTORIES=str(ROOT / "learnlab" / "translations"),
        BABEL_DEFAULT_LOCALE="en",
    )
    app.jinja_loader = DictLoader({"layout.html": LAYOUT, "section.html": SECTION})
    db.init_app(app)
    with app.app_context():
        # The settings any team running SQLite under several workers ends up with (LearnLab's too).
        event.listen(db.engine, "connect", _sqlite_settings)
    login_manager.init_app(app)
    CSRFProtect(app)
    Babel(app, locale_selector=lambda: request.args.get("lang") or request.cookies.get("lang") or "en")
    app.jinja_env.globals.update(_=gettext, ngettext=ngettext, get_locale=get_locale)
    page_bytes = int(os.environ.get("PEER_PAGE_BYTES", "0"))

    @login_manager.user_loader
    def load_user(user_id: str) -> User | None:
        return db.session.get(User, int(user_id))

    @app.get("/")
    @login_required
    def home() -> str:
        return "home"

    @app.get("/modules/<slug>/<section_id>")
    @login_required
    def section(slug: str, section_id: str) -> str:
        module = db.session.get(Module, slug) or abort(404)
        sections = db.session.scalars(
            select(Section).where(Section.module_slug == slug).order_by(Section.position)
        ).all()
        current = next((s for s in sections if s.section_id == section_id), None) or abort(404)
        done = set(
            db.session.scalars(
                select(Progress.section_id).where(
                    Progress.user_id == current_user.id,
                    Progress.module_slug == slug,
                    Progress.completed_at.is_not(None),
                )
            )
        )
        position = db.session.scalar(
            select(ReadingPosition).where(
                ReadingPosition.user_id == current_user.id, ReadingPosition.module_slug == slug
            )
        )
        if position is None:
            position = ReadingPosition(user_id=current_user.id, module_slug=slug)
            db.session.add(position)
        position.section_id = section_id
        position.visited_at = datetime.now(UTC)
        db.session.commit()
        index = sections.index(current)
        html = render_template(
            "section.html",
            module=module,
            sections=sections,
            section=current,
            done=done,
            done_count=len(done),
            previous=sections[index - 1] if index else None,
            following=sections[index + 1] if index + 1 < len(sections) else None,
            padding="",
        )
        # The same number of bytes as LearnLab's page: an HTML comment makes up the difference.
        missing = page_bytes - len(html.encode())
        if missing > 0:
            html = html.replace("<!---->", "<!--" + "x" * missing + "-->", 1)
        return html

    @app.get("/healthz")
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/signin/<int:user_id>")
    def signin(user_id: str) -> tuple[str, int]:
        """The benchmark's way in (a login form is not what is measured)."""
        user = db.session.get(User, user_id) or abort(404)
        login_user(user)
        return "", 204

    return app


def prepare(
    database: str, module_slug: str, title: str, sections: list[tuple[str, str, str]], users: int
) -> None:
    """Fill the peer's database: the module's sections (id, title, html) and ``users`` trainees."""
    app = create_app(database)
    with app.app_context():
        db.create_all()
        db.session.add(Module(slug=module_slug, title=title))
        for position, (section_id, section_title, html) in enumerate(sections, start=1):
            db.session.add(
                Section(
                    module_slug=module_slug,
                    section_id=section_id,
                    position=position,
                    title=section_title,
                    html=html,
                )
            )
        for i in range(users):
            db.session.add(User(id=i + 1, username=f"peer{i:05d}", display_name=f"Peer trainee {i}"))
        db.session.commit()
        # A trainee who has done the first half of the module, as LearnLab's trainees have.
        now = datetime.now(UTC)
        for i in range(users):
            for section_id, _title, _html in sections[: len(sections) // 2]:
                db.session.add(
                    Progress(
                        user_id=i + 1,
                        module_slug=module_slug,
                        section_id=section_id,
                        viewed_at=now,
                        completed_at=now,
                    )
                )
        db.session.commit()
        db.engine.dispose()


app = create_app() if os.environ.get("PEER_DATABASE") else None
