"""The build backend: setuptools, for an editable install only.

LearnLab is deployed from a checkout of its repository: templates/, static/, content/ and
quizzes/ stay at the top level beside learnlab/ (the project's layout), and the content is
deployed from the same git commit as the code (README, "Deploying"). A wheel would carry none of
them and could not serve a page, so building one stops here with a message that says what to do,
instead of producing a package that fails later. ``pip install -e .`` (what ``make install``
runs) works as with plain setuptools.
"""

from __future__ import annotations

from typing import Any

MESSAGE = (
    "LearnLab is deployed from a checkout of its repository, not installed as a wheel: its "
    "templates/, static/, content/ and quizzes/ stay beside learnlab/ and a wheel would carry none "
    "of them. Install it editable from the checkout instead: `make install` (or "
    "`pip install -e .`). See README.md, section Deploying."
)


class CheckoutOnly(RuntimeError):
    """A wheel (a non-editable install) was asked for."""


def _refuse(*_args: Any, **_kwargs: Any) -> Any:
    raise CheckoutOnly(MESSAGE)


# A non-editable install: pip asks for these first; refuse before anything is built.
get_requires_for_build_wheel = _refuse
prepare_metadata_for_build_wheel = _refuse
build_wheel = _refuse


def get_requires_for_build_editable(config_settings: dict[str, Any] | None = None) -> list[str]:
    from setuptools import build_meta

    return build_meta.get_requires_for_build_editable(config_settings)


def prepare_metadata_for_build_editable(
    metadata_directory: str, config_settings: dict[str, Any] | None = None
) -> str:
    from setuptools import build_meta

    return build_meta.prepare_metadata_for_build_editable(metadata_directory, config_settings)


def build_editable(
    wheel_directory: str, config_settings: dict[str, Any] | None = None, metadata_directory: str | None = None
) -> str:
    from setuptools import build_meta

    return build_meta.build_editable(wheel_directory, config_settings, metadata_directory)


def get_requires_for_build_sdist(config_settings: dict[str, Any] | None = None) -> list[str]:
    from setuptools import build_meta

    return build_meta.get_requires_for_build_sdist(config_settings)


def build_sdist(sdist_directory: str, config_settings: dict[str, Any] | None = None) -> str:
    """A source archive is a checkout by another name: allowed."""
    from setuptools import build_meta

    return build_meta.build_sdist(sdist_directory, config_settings)
