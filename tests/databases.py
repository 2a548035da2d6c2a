"""Throwaway PostgreSQL databases for the tests, the browser suite and the benchmarks."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url


@contextmanager
def scratch_postgres_database(base_url: str, name: str) -> Iterator[str]:
    """A new, empty database called ``<base database>_<name>`` on the server of ``base_url``;
    its URL is yielded, and the database is dropped afterwards (even if something failed).

    A database left over by an interrupted run is dropped first, so a rerun starts clean.
    """
    url = make_url(base_url)
    database = f"{url.database}_{name}".replace("-", "_")
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
            conn.execute(text(f'CREATE DATABASE "{database}"'))
        yield url.set(database=database).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
        admin.dispose()
