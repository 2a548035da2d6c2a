"""Gunicorn settings for LearnLab (``make serve``; ``gunicorn -c gunicorn.conf.py app:app``).

The app's own settings stay in ``LEARNLAB_*`` variables (learnlab/config.py); this file says only
how the server runs. Each value can be changed from the environment without editing it:

    GUNICORN_BIND         address to listen on (default 127.0.0.1:$PORT, PORT defaults to 8000)
    WEB_CONCURRENCY       worker processes (default 2 per CPU core + 1)
    GUNICORN_THREADS      threads per worker (default 1: plain sync workers)
    GUNICORN_ACCESS_LOG   "-" for standard output (the default), a file path, or "off"
"""

from __future__ import annotations

import os

# Sync workers: each request is short and CPU-bound (a template render, a few indexed queries),
# so processes, not threads, use the cores; the rest of each request is waiting for the database,
# which is why there is one more worker than twice the cores.
bind = os.environ.get("GUNICORN_BIND", f"127.0.0.1:{os.environ.get('PORT', '8000')}")
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * (os.cpu_count() or 1) + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
worker_class = "gthread" if threads > 1 else "sync"

# Build the app once in the master and load the content catalogue there (see when_ready), so the
# workers start with it in (copy-on-write) memory instead of each parsing every module.
preload_app = True

# A request that takes longer than this is stuck: the worker is killed and replaced. Nothing is
# half written when that happens, since each request is one database transaction.
timeout = 30
graceful_timeout = 30
keepalive = 5
# Replace each worker now and then, staggered, so slow leaks cannot build up.
max_requests = 5000
max_requests_jitter = 500

_access = os.environ.get("GUNICORN_ACCESS_LOG", "-")
accesslog = None if _access == "off" else _access
errorlog = "-"
# Behind the reverse proxy the client's address comes from X-Forwarded-For, read by the app
# (LEARNLAB_PROXY_COUNT), not by gunicorn.
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms'
# One-time password links are credentials: their tokens are taken out of the access log.
logger_class = "learnlab.gunicorn_logging.AccessLogger"

# No run-time control socket (gunicorn 25+): one fixed path per user would be shared by every
# instance on the host; restart or signal the master instead.
control_socket_disable = True

# Refuse oversized request lines and headers early (the app limits bodies itself).
limit_request_line = 8190
limit_request_fields = 100


def when_ready(server) -> None:  # type: ignore[no-untyped-def]
    """Load the content catalogue in the master before the workers are forked."""
    app = server.app.wsgi()
    catalog = getattr(app, "extensions", {}).get("learnlab.catalog")
    if catalog is not None:
        catalog.load()
        server.log.info("content catalogue loaded: %d files", len(catalog.state.sources))


def post_fork(server, worker) -> None:  # type: ignore[no-untyped-def]
    """Never share a database connection across processes: each worker opens its own."""
    app = server.app.wsgi()
    database = getattr(app, "extensions", {}).get("learnlab.db")
    if database is not None and database.engine is not None:
        database.engine.dispose(close=False)
