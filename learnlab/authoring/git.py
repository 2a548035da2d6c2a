"""The content repository, through the real ``git`` command: history is git's, not a table of ours.

Every call is an argument list (no shell), runs with a timeout, and never reads the user's or the
system's git configuration for anything that matters: author and committer are given on each
commit, signing and hooks are off (a trainer's save must not wait on a developer's hook), and
paths always follow ``--`` so a file name can never be read as an option.

Saving is "write the file, ``git add`` it, ``git commit`` that path only", inside a file lock so
two workers (or two servers on shared storage) never interleave a check, a write and a commit.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import re
import subprocess  # nosec B404 - git is run with argument lists, never through a shell
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

TIMEOUT_SECONDS = 30
COMMIT_RE = re.compile(r"^[0-9a-f]{7,64}$")
# Fields of `git log`, separated by a byte that cannot appear in a name or a subject line.
_SEP = "\x1f"
_LOG_FORMAT = _SEP.join(["%H", "%an", "%ae", "%at", "%s"])


class GitError(Exception):
    """git failed, or the folder is not a git work tree."""


@dataclass(frozen=True)
class Commit:
    id: str
    author: str
    email: str
    at: datetime
    message: str

    @property
    def short(self) -> str:
        return self.id[:10]


@dataclass(frozen=True)
class Author:
    name: str
    email: str


def blob_id(data: bytes) -> str:
    """The id git gives this content (``git hash-object``), computed without running git."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()


def _clean_env(author: Author | None = None) -> dict[str, str]:
    """Only what git needs: no GIT_DIR or GIT_WORK_TREE from the server's environment, no
    per-user configuration, a fixed language for messages we may show. The system configuration
    is read: that is where an administrator declares ``safe.directory`` when the server's user
    does not own the repository."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/nonexistent"),
        "LC_ALL": "C",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_TERMINAL_PROMPT": "0",
    }
    if author is not None:
        env.update(
            GIT_AUTHOR_NAME=author.name,
            GIT_AUTHOR_EMAIL=author.email,
            GIT_COMMITTER_NAME=author.name,
            GIT_COMMITTER_EMAIL=author.email,
        )
    return env


class ContentRepo:
    """A git work tree holding the content folders."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder.resolve()
        self._top: Path | None = None

    # -- running git ----------------------------------------------------------------------------
    def _git(
        self, *args: str, author: Author | None = None, stdin: bytes | None = None, ok: tuple[int, ...] = (0,)
    ) -> bytes:
        command = ["git", "-c", "commit.gpgsign=false", "-c", "core.quotepath=false", *args]
        try:
            done = subprocess.run(  # noqa: S603 - a fixed program and an argument list  # nosec B603
                command,
                cwd=self.folder,
                env=_clean_env(author),
                input=stdin,
                capture_output=True,
                timeout=TIMEOUT_SECONDS,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise GitError(f"git {args[0]}: {exc}") from exc
        if done.returncode not in ok:
            raise GitError(f"git {args[0]}: {done.stderr.decode('utf-8', 'replace').strip()}")
        return done.stdout

    @property
    def top(self) -> Path:
        """The work tree's top folder (raises GitError when the folder is not in a git work tree)."""
        if self._top is None:
            if not self.folder.is_dir():
                raise GitError(f"{self.folder} is not a folder")
            out = self._git("rev-parse", "--show-toplevel").decode().strip()
            self._top = Path(out).resolve()
        return self._top

    def is_repo(self) -> bool:
        try:
            _ = self.top
        except GitError:
            return False
        return True

    def rel(self, path: Path) -> str:
        """The path as git names it (relative to the top); refuses anything outside the work tree."""
        resolved = path.resolve()
        try:
            return resolved.relative_to(self.top).as_posix()
        except ValueError as exc:
            raise GitError(f"{path} is outside the content repository {self.top}") from exc

    # -- reading history ------------------------------------------------------------------------
    def has_commits(self) -> bool:
        return bool(self._git("rev-parse", "--verify", "--quiet", "HEAD", ok=(0, 1)).strip())

    def log(self, path: Path, limit: int = 100) -> list[Commit]:
        """Commits that changed this file, newest first (following renames is not needed: slugs stay)."""
        if not self.has_commits():
            return []
        out = self._git("log", f"--max-count={limit}", f"--format={_LOG_FORMAT}", "-z", "--", self.rel(path))
        commits = []
        for record in out.decode("utf-8", "replace").split("\0"):
            if record.strip():
                id_, name, email, at, subject = record.strip("\n").split(_SEP, 4)
                commits.append(Commit(id_, name, email, datetime.fromtimestamp(int(at), UTC), subject))
        return commits

    def show(self, commit: str, path: Path) -> bytes:
        """The file's content as of ``commit``."""
        return self._git("show", f"{self._commit(commit)}:{self.rel(path)}")

    def diff(self, old: str, new: str | None, path: Path) -> str:
        """``git diff`` of one file between two commits (``new`` None: the file as it is now)."""
        commits = [self._commit(old)] + ([self._commit(new)] if new else [])
        out = self._git("diff", "--no-color", "--no-ext-diff", *commits, "--", self.rel(path))
        return out.decode("utf-8", "replace")

    def diff_texts(self, old: bytes, new: bytes, old_label: str, new_label: str) -> str:
        """``git diff --no-index`` of two texts (a save refused because the file changed meanwhile)."""
        with tempfile.TemporaryDirectory(prefix="learnlab-diff-") as folder:
            a, b = Path(folder) / "a", Path(folder) / "b"
            a.write_bytes(old)
            b.write_bytes(new)
            out = self._git(
                "diff", "--no-color", "--no-ext-diff", "--no-index", "--", str(a), str(b), ok=(0, 1)
            ).decode("utf-8", "replace")
        # Name the sides, not the temporary files.
        out = out.replace(f"a{a}", old_label).replace(f"b{b}", new_label)
        return "\n".join(line for line in out.splitlines() if not line.startswith("diff --git"))

    def _commit(self, commit: str) -> str:
        if not COMMIT_RE.match(commit):
            raise GitError(f"not a commit id: {commit!r}")
        return commit

    # -- writing --------------------------------------------------------------------------------
    @contextmanager
    def locked(self) -> Iterator[None]:
        """One writer at a time across processes, and across servers sharing the repository."""
        git_dir = Path(self._git("rev-parse", "--git-common-dir").decode().strip())
        lock_path = (self.folder / git_dir).resolve() / "learnlab-authoring.lock"
        with open(lock_path, "a+b") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def commit_files(self, files: dict[Path, bytes], message: str, author: Author) -> str:
        """Write each file and commit exactly those paths; returns the new commit's id.

        The caller holds ``locked()`` (it has compared the file with the version it was based on).
        Other changes in the work tree or the index are left as they are.
        """
        paths = []
        for path, data in files.items():
            rel = self.rel(path)  # refuses a path outside the repository before anything is written
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f".{path.name}.learnlab-tmp")
            tmp.write_bytes(data)
            os.replace(tmp, path)  # a reader never sees half a file
            paths.append(rel)
        self._git("add", "--", *paths)
        if not self._git("diff", "--cached", "--name-only", "--", *paths).strip():
            raise NothingToCommit
        self._git("commit", "--no-verify", "--quiet", "-m", message, "--only", "--", *paths, author=author)
        return self._git("rev-parse", "HEAD").decode().strip()


class NothingToCommit(GitError):
    """The text saved is the text already committed."""
