"""gunicorn's logger with the secret part of one-time links taken out of access log lines.

``gunicorn.conf.py`` names it as ``logger_class``. A password link (``/reset/<token>``) is a
credential until it is used; the access log must not keep it.
"""

from __future__ import annotations

from typing import Any

from gunicorn.glogging import Logger

from learnlab.logs import redact


class AccessLogger(Logger):
    def atoms(self, resp: Any, req: Any, environ: dict[str, Any], request_time: Any) -> dict[str, Any]:
        atoms: dict[str, Any] = super().atoms(resp, req, environ, request_time)
        # Every field a format may name: the request line, path, Referer, any header or variable.
        for key, value in atoms.items():
            if isinstance(value, str):
                atoms[key] = redact(value)
        return atoms
