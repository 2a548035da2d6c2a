"""Logging: one line per event; text that came from users is escaped so it cannot forge lines.

Every physical line the handler writes either starts with a timestamp (a log record) or with
``  | `` (the traceback of the record above it). A username such as ``"x\\n2026-01-01 ... INFO
..."`` is written as ``x\\n2026-...`` on its record's own line, and an exception whose message
holds a newline cannot start a line that looks like a record either.
"""

from __future__ import annotations

import logging
import re

from flask import Flask

CONTINUATION = "  | "
# Addresses that carry a secret: the one-time password links (/reset/<token>).
_SECRET_IN_PATH_RE = re.compile(r"(/reset/)[^/?#\s\"]+")


def redact(text: str) -> str:
    """``text`` with the secret part of any one-time link replaced."""
    return _SECRET_IN_PATH_RE.sub(r"\1[redacted]", text)


def escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\r", "\\r").replace("\n", "\\n")


class EscapingFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        # Format a copy whose message is already escaped, so other handlers see the original.
        safe = logging.makeLogRecord(record.__dict__)
        safe.msg, safe.args = escape(redact(record.getMessage())), None
        safe.exc_info, safe.exc_text, safe.stack_info = None, None, None
        line = super().format(safe)
        extra = []
        if record.exc_info:
            extra.append(self.formatException(record.exc_info))
        if record.stack_info:
            extra.append(self.formatStack(record.stack_info))
        for block in extra:
            line += "".join("\n" + CONTINUATION + part for part in block.splitlines())
        return line


class RedactSecrets(logging.Filter):
    """For loggers we do not format ourselves (the development server's request lines)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg, record.args = redact(record.getMessage()), None
        return True


def init_app(app: Flask) -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(EscapingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    app.logger.handlers[:] = [handler]
    app.logger.setLevel(app.config["LOG_LEVEL"])
    # Flask-Limiter logs the keys it counts (which hold typed usernames): through the same
    # escaping handler, and only its warnings (our audit trail records throttling itself).
    limiter_log = logging.getLogger("flask-limiter")
    limiter_log.handlers[:] = [handler]
    limiter_log.propagate = False
    limiter_log.setLevel(logging.WARNING)
    werkzeug_log = logging.getLogger("werkzeug")
    if not any(isinstance(f, RedactSecrets) for f in werkzeug_log.filters):
        werkzeug_log.addFilter(RedactSecrets())
