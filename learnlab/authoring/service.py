"""What the editor does: which files it may touch, saving (check, compare, write, commit), restoring,
creating from a template, and adding a picture. Views only ask and show.

A path from a request is never joined to a folder as it stands: an existing file must be one the
catalogue lists (module, quiz, course page or a translation of one), and a new file's path is
built here from a validated slug.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flask import current_app

from learnlab import content
from learnlab.admin.preview import Preview, preview
from learnlab.authoring.git import Author, Commit, ContentRepo, GitError, NothingToCommit, blob_id
from learnlab.authoring.media import checked_picture
from learnlab.authoring.templates import module_template, quiz_template
from learnlab.content.catalog import SourceInfo
from learnlab.i18n import gettext as _

# The course page (course.md) is checked by other rules than a module's: it is edited in the files.
EDITABLE_KINDS = ("module", "quiz")
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_SLUG = 60


class AuthoringError(Exception):
    """Refused; the message is for the trainer."""


@dataclass
class Outcome:
    """What became of a save, a restore or a creation."""

    status: str  # "saved", "unchanged", "invalid" (checker errors) or "conflict" (changed meanwhile)
    preview: Preview | None = None
    commit: str | None = None
    diff: str = ""  # a conflict: what is saved now, against the text the trainer sent
    problems: list[Any] = field(default_factory=list)


def repo() -> ContentRepo:
    """The git work tree holding the content: LEARNLAB_CONTENT_REPO, or the folder holding content/."""
    configured = current_app.config.get("CONTENT_REPO")
    return ContentRepo(Path(configured) if configured else content.catalog().root)


def author_of(user: Any) -> Author:
    """The trainer as git records them: display name, and an address that is clearly not mail."""
    name = " ".join(str(user.display_name).split()) or user.username
    return Author(name.replace("<", "").replace(">", ""), f"{user.username}@learnlab.invalid")


def editable_files() -> list[SourceInfo]:
    return [s for s in content.state().sources if s.kind in EDITABLE_KINDS]


def known_file(path: str) -> SourceInfo | None:
    found = next((s for s in editable_files() if s.path == path), None)
    if found is None and path and content.catalog().reload_seconds != 0:
        # Created a moment ago through another server process, whose catalogue is newer than
        # this one's: look at the files now rather than wait for the next reload.
        content.catalog().load()
        found = next((s for s in editable_files() if s.path == path), None)
    return found


def absolute(info_path: str) -> Path:
    return content.catalog().root / info_path


def read(path: Path) -> bytes:
    return path.read_bytes() if path.exists() else b""


def normalise(text: str) -> bytes:
    """Line ends as git and the checker expect; one final newline."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return (text.rstrip("\n") + "\n").encode("utf-8")


def check(text: str, info: SourceInfo) -> Preview:
    """The checker's verdict and the page as trainees would see it (learnlab.admin.preview)."""
    return preview(text, info.kind, info.slug, info.lang, info.path)


def _commit(info: SourceInfo, data: bytes, base: str, message: str, user: Any, checked: Preview) -> Outcome:
    """Write and commit if the file is still the version the trainer started from."""
    if checked.errors:
        return Outcome("invalid", checked, problems=checked.problems)
    target = absolute(info.path)
    git = writable_repo()
    with git.locked():
        current = read(target)
        if blob_id(current) != base:
            diff = git.diff_texts(current, data, "saved now", "your text")
            return Outcome("conflict", checked, diff=diff, problems=checked.problems)
        try:
            commit = git.commit_files({target: data}, message, author_of(user))
        except NothingToCommit:
            return Outcome("unchanged", checked, problems=checked.problems)
    content.catalog().load()  # this worker at once; the others through CONTENT_RELOAD_SECONDS
    return Outcome("saved", checked, commit=commit, problems=checked.problems)


def save(info: SourceInfo, text: str, base: str, message: str, user: Any) -> Outcome:
    data = normalise(text)
    return _commit(info, data, base, message, user, check(data.decode("utf-8"), info))


def restore(info: SourceInfo, commit: str, base: str, user: Any, message: str) -> Outcome:
    """An earlier version becomes the newest, as a new commit (history is never rewritten)."""
    data = repo().show(commit, absolute(info.path))
    return _commit(info, data, base, message, user, check(data.decode("utf-8", "replace"), info))


def history(info: SourceInfo) -> list[Commit]:
    return repo().log(absolute(info.path))


def new_file_path(kind: str, slug: str) -> str:
    """The path a new module or quiz gets, relative to the content root; refuses a bad slug."""
    if not SLUG_RE.match(slug) or len(slug) > MAX_SLUG:
        raise AuthoringError(_("Use lowercase letters, digits and single hyphens, e.g. seal-checks."))
    catalog = content.catalog()
    if kind == "module":
        folder = catalog.content_dir / "modules" / slug
        if folder.exists():
            raise AuthoringError(_("A module named '%(slug)s' exists already.", slug=slug))
        return catalog.rel(folder / "index.md")
    if kind == "quiz":
        file = catalog.quiz_dir / f"{slug}.md"
        if file.exists():
            raise AuthoringError(_("A quiz named '%(slug)s' exists already.", slug=slug))
        return catalog.rel(file)
    raise AuthoringError(_("Choose a module or a quiz."))


def create(kind: str, slug: str, title: str, module: str, user: Any) -> str:
    """A new module or quiz from the template, committed; returns its path for the editor."""
    rel = new_file_path(kind, slug)
    state = content.state()
    if kind == "module":
        order = max((m.order for m in state.available_modules()), default=0) + 1
        text = module_template(title, order)
    else:
        if module not in state.modules:
            raise AuthoringError(_("Choose the module this quiz belongs to."))
        text = quiz_template(title, module)
    target = absolute(rel)
    git = writable_repo()
    with git.locked():
        if target.exists():  # created by someone else a moment ago
            raise AuthoringError(_("'%(slug)s' exists already.", slug=slug))
        git.commit_files({target: normalise(text)}, f"New {kind} '{slug}' from the template", author_of(user))
    content.catalog().load()
    return rel


def add_picture(info: SourceInfo, filename: str, data: bytes, user: Any) -> str:
    """Check and commit a picture into the module's media/ folder; returns its Markdown path."""
    if info.kind != "module":
        raise AuthoringError(_("Pictures belong to a module."))
    picture = checked_picture(filename, data)
    target = content.catalog().content_dir / "modules" / info.slug / "media" / picture.name
    git = writable_repo()
    with git.locked():
        if target.exists():
            raise AuthoringError(_("media/%(name)s exists already: choose another name.", name=picture.name))
        git.commit_files(
            {target: picture.data}, f"Picture media/{picture.name} for '{info.slug}'", author_of(user)
        )
    return f"media/{picture.name}"


def repository_problem() -> str | None:
    """Why saving is impossible here, or None.

    The content folder's repository must be a work tree of its own (the folder is its top): a
    folder that merely sits inside some other checkout, as the test suite's sample site does,
    is never committed to.
    """
    git = repo()
    if not git.is_repo():
        return _(
            "%(folder)s is not a git repository: the editor can preview but not save.", folder=str(git.folder)
        )
    if git.top != git.folder:
        return _(
            "%(folder)s is inside the git repository %(top)s but not at its top: set "
            "LEARNLAB_CONTENT_REPO to the repository that holds the content.",
            folder=str(git.folder),
            top=str(git.top),
        )
    try:
        git.rel(content.catalog().content_dir)
        git.rel(content.catalog().quiz_dir)
    except GitError:
        return _("The content folders are outside %(folder)s.", folder=str(git.folder))
    return None


def writable_repo() -> ContentRepo:
    """The repository to commit to, or AuthoringError saying why there is none."""
    if problem := repository_problem():
        raise AuthoringError(problem)
    return repo()
