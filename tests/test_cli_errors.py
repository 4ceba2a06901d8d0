"""What a user gets wrong, or what the machine refuses, is one line on stderr and an exit code, never a traceback
nor a run that looks fine and kept nothing (issue 18's findings on main)."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyline.errors import UsageError
from storyline.model import Failure
from storyline.store import open_store
from tests.test_cli import storyline
from tests.test_pipeline_failures import article


def one_line_error(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in stderr and "internal error" not in stderr, stderr
    return lines[0]


# -- 7. a SQLite URL that names no file ------------------------------------------------------------------


@pytest.mark.parametrize("url", ["sqlite://", "sqlite:///:memory:", "sqlite:///file:x?mode=memory&uri=true"])
def test_a_store_on_no_file_is_refused(url: str) -> None:
    with pytest.raises(UsageError, match="names no database file"):
        open_store(url)


@pytest.mark.parametrize("url", ["sqlite://", "sqlite:///"])
def test_a_sqlite_url_without_a_file_is_a_usage_error(tmp_path: Path, url: str) -> None:
    page = tmp_path / "page.txt"
    page.write_text(article(1))
    run = storyline("ingest", "--db", url, page)
    assert run.returncode == 2 and run.stdout == ""
    assert one_line_error(run.stderr) == (
        f"error: {url!r} names no database file (use sqlite:///PATH): an in-memory one is lost at exit")
    served = storyline("serve", "--port", "0", env={"STORYLINE_DB": url})  # the API would lose it too
    assert served.returncode == 2 and "names no database file" in one_line_error(served.stderr)


# -- 8. export to a path that cannot be written ----------------------------------------------------------


@pytest.fixture(scope="module")
def dossier(tmp_path_factory: pytest.TempPathFactory) -> str:
    root = tmp_path_factory.mktemp("dossier")
    (root / "page.txt").write_text(article(1))
    url = f"sqlite:///{root / 'd.db'}"
    assert storyline("ingest", "--db", url, root / "page.txt").returncode == 0
    return url


@pytest.mark.parametrize(("fmt", "out", "reason"), [
    ("jsonl", "no/such/folder/d.jsonl", "No such file or directory"),
    ("jsonl", ".", "Is a directory"),
    ("graphml", "a-file/d.graphml", "Not a directory"),
    ("csv", "a-file", "File exists"),
    ("jsonl", "/proc/version", "Input/output error"),  # cannot be written, even by root
])
def test_export_to_a_path_that_cannot_be_written_is_one_line_and_exit_1(
    dossier: str, tmp_path: Path, fmt: str, out: str, reason: str
) -> None:
    (tmp_path / "a-file").write_text("x")
    path = tmp_path / out
    run = storyline("export", "--db", dossier, "--format", fmt, "--out", path)
    assert run.returncode == 1
    assert one_line_error(run.stderr) == f"error: cannot write {path.resolve() if out == '.' else path}: {reason}"


# -- 9. ingest of a folder with nothing to read ----------------------------------------------------------


def test_ingesting_an_empty_folder_says_so_and_exits_1(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    (empty / "sub").mkdir(parents=True)
    (empty / ".hidden.txt").write_text(article(1))  # passed over, as hidden files are
    run = storyline("ingest", "--db", f"sqlite:///{tmp_path / 'd.db'}", empty)
    assert run.returncode == 1
    assert run.stdout.strip() == "stored 0, copies of stored articles 0, duplicates 0, failed 1"
    assert one_line_error(run.stderr) == f"failed: {empty}: the folder holds no inputs"


def test_an_empty_folder_beside_good_inputs_is_one_failure(tmp_path: Path, sqlite_url: str) -> None:
    from storyline.pipeline import clean_sources, ingest

    (tmp_path / "empty").mkdir()
    (tmp_path / "page.txt").write_text(article(1))
    with open_store(sqlite_url) as store:
        summary = ingest(store, [str(tmp_path / "empty"), str(tmp_path / "page.txt")])
    assert summary.stored == 1
    assert [(f.source, f.reason) for f in summary.failures] == [(str(tmp_path / "empty"), "the folder holds no inputs")]
    cleaned = list(clean_sources([str(tmp_path / "empty")]))  # `storyline clean` and `annotate` say so too
    assert [(f.source, f.reason) for f in cleaned if isinstance(f, Failure)] == [
        (str(tmp_path / "empty"), "the folder holds no inputs")]
