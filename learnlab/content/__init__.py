"""Content: modules and quizzes as files, loaded into a Catalog kept on the app."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, current_app

from learnlab.content import notices
from learnlab.content.catalog import Catalog, CatalogState
from learnlab.content.translation import TranslationStatus, translation_status

__all__ = [
    "Catalog",
    "CatalogState",
    "TranslationStatus",
    "catalog",
    "init_app",
    "state",
    "translation_status",
]


def init_app(app: Flask) -> None:
    config = app.config
    cache_dir = config["CONTENT_CACHE_DIR"]
    app.extensions["learnlab.catalog"] = Catalog(
        Path(config["CONTENT_DIR"]),
        Path(config["QUIZ_DIR"]),
        cache_dir=Path(cache_dir) if cache_dir else None,
        root=Path(config["CONTENT_DIR"]).parent,
        reload_seconds=config["CONTENT_RELOAD_SECONDS"],
    )
    notices.init_app(app)


def catalog() -> Catalog:
    return current_app.extensions["learnlab.catalog"]  # type: ignore[no-any-return]


def state() -> CatalogState:
    """The current catalogue, loaded on first use and refreshed when files change."""
    return catalog().current()
