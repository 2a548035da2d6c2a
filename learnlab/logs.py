"""Logging: one line per event; text that came from users is escaped so it cannot forge lines."""

from __future__ import annotations

import logging

from flask import Flask


class EscapingFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        message = super().format(record)
        # A username with a newline must not start a fake log line of its own.
        first, sep, rest = message.partition("\nTraceback")
        return first.replace("\r", "\\r").replace("\n", "\\n") + sep + rest


def init_app(app: Flask) -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(EscapingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    app.logger.handlers[:] = [handler]
    app.logger.setLevel(app.config["LOG_LEVEL"])
