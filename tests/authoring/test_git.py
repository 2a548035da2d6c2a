"""The git layer on a repository of its own: commits with the trainer as author, history, diffs,
the path limit, and "nothing to commit"."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from learnlab.authoring.git import Author, ContentRepo, GitError, NothingToCommit, blob_id

AIGUL = Author("Aigul Trainer", "aigul@learnlab.invalid")


def git(folder: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=folder, capture_output=True, text=True, check=True).stdout


@pytest.fixture
def repo(tmp_path: Path) -> ContentRepo:
    folder = tmp_path / "site"
    (folder / "content").mkdir(parents=True)
    git(folder, "init", "--quiet")
    return ContentRepo(folder)


def test_blob_id_is_gits(repo: ContentRepo) -> None:
    file = repo.folder / "content" / "a.md"
    file.write_bytes("Алматы\n".encode())
    assert blob_id(file.read_bytes()) == git(repo.folder, "hash-object", str(file)).strip()


def test_a_commit_names_the_trainer_and_holds_only_that_file(repo: ContentRepo) -> None:
    other = repo.folder / "content" / "other.md"
    other.write_text("left alone\n")
    git(repo.folder, "add", str(other))  # staged by someone else: must stay out of our commit
    file = repo.folder / "content" / "a.md"
    with repo.locked():
        commit = repo.commit_files({file: b"one\n"}, "First version", AIGUL)
    assert file.read_bytes() == b"one\n"
    shown = git(repo.folder, "show", "--stat", "--format=%an <%ae>|%cn|%s", commit)
    assert shown.startswith("Aigul Trainer <aigul@learnlab.invalid>|Aigul Trainer|First version")
    assert "content/a.md" in shown and "other.md" not in shown
    assert "A  content/other.md" in git(repo.folder, "status", "--porcelain")


def test_history_show_and_diff(repo: ContentRepo) -> None:
    file = repo.folder / "content" / "a.md"
    first = repo.commit_files({file: b"one\n"}, "First", AIGUL)
    second = repo.commit_files({file: b"one\n<b>two</b>\n"}, "Second", Author("Bob", "bob@learnlab.invalid"))
    history = repo.log(file)
    assert [(c.id, c.author, c.message) for c in history] == [
        (second, "Bob", "Second"),
        (first, "Aigul Trainer", "First"),
    ]
    assert repo.show(first, file) == b"one\n"
    diff = repo.diff(first, second, file)
    assert "+<b>two</b>" in diff and "content/a.md" in diff
    with pytest.raises(NothingToCommit):
        repo.commit_files({file: b"one\n<b>two</b>\n"}, "Same again", AIGUL)
    assert len(repo.log(file)) == 2


def test_text_diff_names_the_sides(repo: ContentRepo) -> None:
    out = repo.diff_texts(b"a\nb\n", b"a\nc\n", "saved", "yours")
    assert "--- saved" in out and "+++ yours" in out and "-b" in out and "+c" in out
    assert "learnlab-diff-" not in out


def test_paths_and_ids_are_checked(repo: ContentRepo, tmp_path: Path) -> None:
    outside = tmp_path / "outside.md"
    with pytest.raises(GitError):
        repo.commit_files({outside: b"x"}, "Escape", AIGUL)
    assert not outside.exists()
    with pytest.raises(GitError):
        repo.commit_files({repo.folder / "content" / ".." / ".." / "x.md": b"x"}, "Escape", AIGUL)
    with pytest.raises(GitError):
        repo.show("--output=/tmp/x", repo.folder / "content" / "a.md")


def test_a_folder_outside_git_says_so(tmp_path: Path) -> None:
    plain = tmp_path / "plain"
    plain.mkdir()
    assert not ContentRepo(plain).is_repo()
    assert not ContentRepo(tmp_path / "missing").is_repo()


def test_the_lock_keeps_a_second_writer_waiting(repo: ContentRepo) -> None:
    """flock locks belong to an open file: a second opening (another worker) waits for the first."""
    import threading
    import time

    order: list[str] = []
    other = ContentRepo(repo.folder)

    def second_writer() -> None:
        with other.locked():
            order.append("second")

    with repo.locked():
        thread = threading.Thread(target=second_writer)
        thread.start()
        time.sleep(0.3)
        order.append("first done")
    thread.join(timeout=5)
    assert order == ["first done", "second"]
