"""Logging: one line per event; text that came from users is escaped so it cannot forge lines.

Every physical line the handler writes either starts with a timestamp (a log record) or with
``  | `` (the traceback of the record above it). A username such as ``"x\\n2026-01-01 ... INFO
..."`` is written as ``x\\n2026-...`` on its record's own line, and an exception whose message
holds a newline cannot start a line that looks like a record either.
"""

from __future__ import annotations

import logging

from flask import Flask

CONTINUATION = "  | "


def escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\r", "\\r").replace("\n", "\\n")


class EscapingFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        # Format a copy whose message is already escaped, so other handlers see the original.
        safe = logging.makeLogRecord(record.__dict__)
        safe.msg, safe.args = escape(record.getMessage()), None
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
