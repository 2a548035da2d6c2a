import pytest
from sqlalchemy import inspect

from learnlab import create_app
from learnlab.config import ConfigError
from learnlab.dbcli import downgrade, upgrade
from learnlab.models import Base


def test_production_refuses_to_start_without_a_secret(monkeypatch, tmp_path):
    monkeypatch.setenv("LEARNLAB_ENV", "production")
    monkeypatch.setenv("LEARNLAB_DATABASE_URL", f"sqlite:///{tmp_path}/x.db")
    with pytest.raises(ConfigError, match="LEARNLAB_SECRET_KEY"):
        create_app()
    monkeypatch.setenv("LEARNLAB_SECRET_KEY", "s" * 40)
    with pytest.raises(ConfigError, match="SESSION_COOKIE_SECURE"):
        create_app()
    monkeypatch.setenv("LEARNLAB_SESSION_COOKIE_SECURE", "true")
    assert create_app().config["SESSION_COOKIE_SECURE"] is True


def test_unknown_or_malformed_settings_stop_start_up(monkeypatch):
    monkeypatch.setenv("LEARNLAB_DATABSE_URL", "sqlite://")
    with pytest.raises(ConfigError, match="unknown setting LEARNLAB_DATABSE_URL"):
        create_app()
    monkeypatch.delenv("LEARNLAB_DATABSE_URL")
    monkeypatch.setenv("LEARNLAB_SESSION_IDLE_MINUTES", "soon")
    with pytest.raises(ConfigError, match="LEARNLAB_SESSION_IDLE_MINUTES"):
        create_app()


def test_development_secret_is_generated_once(tmp_path):
    from learnlab.config import dev_secret_key

    first = dev_secret_key(tmp_path)
    assert len(first) == 64
    assert dev_secret_key(tmp_path) == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600


def test_healthz(client, app):
    ok = client.get("/healthz")
    assert ok.status_code == 200 and ok.json == {"status": "ok", "database": "ok"}


def test_healthz_reports_an_unreachable_database(tmp_path):
    app = create_app(
        {
            "ENV": "testing",
            "SECRET_KEY": "k" * 40,
            "DATABASE_URL": "postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=1",
        }
    )
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.json == {"status": "error", "database": "unreachable"}


def test_migrations_build_the_whole_schema_on_an_empty_database(empty_database_url):
    """Up, all the way down, and up again: on SQLite, and on PostgreSQL when the suite runs there."""
    app = create_app({"ENV": "testing", "SECRET_KEY": "k" * 40, "DATABASE_URL": empty_database_url})
    with app.app_context():
        from learnlab.db import db

        upgrade()
        tables = set(inspect(db.engine).get_table_names())
        assert set(Base.metadata.tables) <= tables
        assert "alembic_version" in tables
        downgrade("base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
        upgrade()
        assert set(Base.metadata.tables) <= set(inspect(db.engine).get_table_names())
        db.engine.dispose()


def test_security_headers_on_pages(client):
    response = client.get("/login")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "object-src 'none'" in csp and "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_models_and_migrations_agree(empty_database_url):
    """No pending autogenerate diff, on SQLite and (with LEARNLAB_TEST_DATABASE_URL) PostgreSQL."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    app = create_app({"ENV": "testing", "SECRET_KEY": "k" * 40, "DATABASE_URL": empty_database_url})
    with app.app_context():
        upgrade()
        from learnlab.db import db

        with db.engine.connect() as conn:
            assert conn.dialect.name == empty_database_url.split(":")[0].split("+")[0]
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            diff = compare_metadata(context, Base.metadata)
        db.engine.dispose()
    assert diff == [], "run: flask --app app db revision -m '...' and commit the migration"
