"""LearnLab: interactive e-learning for customs enforcement training."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask

from learnlab.config import PROJECT_ROOT


def create_app(overrides: Mapping[str, Any] | None = None) -> Flask:
    """Build the app. Configures only: no network, no prompts, no migrations, no schema changes."""
    from learnlab import (
        access,
        account,
        admin,
        auth,
        authoring,
        certificates,
        cli,
        config,
        content,
        errors,
        headers,
        health,
        i18n,
        learn,
        logs,
        offline,
        quiz,
        security,
        static_files,
        templating,
        validation,
    )
    from learnlab.db import db

    _require_checkout()
    app = Flask(
        __name__,
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
    )
    config.load(app, overrides)
    for init_app in (
        logs.init_app,
        validation.init_app,  # first: its converter is read as routes are added, its checks run first
        db.init_app,
        content.init_app,
        i18n.init_app,
        auth.init_app,
        access.init_app,  # before CSRF: a refused role is refused whatever the token
        security.init_app,
        templating.init_app,
        learn.init_app,
        quiz.init_app,
        admin.init_app,
        authoring.init_app,
        account.init_app,
        certificates.init_app,
        health.init_app,
        offline.init_app,
        headers.init_app,
        errors.init_app,
        cli.init_app,
        static_files.init_app,  # last: the outermost WSGI layer, in front of Flask
    ):
        init_app(app)
    return app


# Beside the package in a checkout; a wheel carries none of them (build_backend/learnlab_build.py).
CHECKOUT_FOLDERS = ("templates", "static")


def _require_checkout() -> None:
    """Refuse to start, saying why, when installed without the project's folders beside it."""
    from learnlab.config import ConfigError

    missing = [name for name in CHECKOUT_FOLDERS if not (PROJECT_ROOT / name).is_dir()]
    if missing:
        raise ConfigError(
            f"{', '.join(f'{m}/' for m in missing)} not found in {PROJECT_ROOT}: LearnLab runs from a "
            "checkout of its repository, installed editable (`make install` or `pip install -e .`); "
            "see README.md, section Deploying."
        )
