"""Hostile files (tests/hostile_files.py): refused by --db, restore and check, unchanged, and never a hang."""

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import pytest

from crisisapp.app import NOW_ENV
from crisisapp.errors import CrisisAppError
from crisisapp.storage import backup
from crisisapp.storage.database import open_database
from tests.clock import NOW
from tests.hostile_files import CORPUS, broken_reference, make_corpus, special_files

MOMENT = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
LIMIT_S = 5


def digest(path: Path) -> str:
    if not path.is_file() or path.is_symlink():
        return f"{path.lstat().st_mode}"
    return hashlib.sha256(path.read_bytes()).hexdigest()


@contextmanager
def within(seconds: int) -> Iterator[None]:
    """Fail instead of hanging: SIGALRM interrupts a call that takes longer than ``seconds``."""

    def _timeout(_signal: int, _frame: object) -> None:
        raise TimeoutError(f"langer dan {seconds} s")

    previous = signal.signal(signal.SIGALRM, _timeout)
    signal.alarm(seconds)
    started = time.monotonic()
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert time.monotonic() - started < seconds


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("vijandig")
    return {**make_corpus(folder), **special_files(folder)}


@pytest.fixture
def live(tmp_path: Path) -> Path:
    path = tmp_path / "live.sqlite3"
    open_database(path).close()
    return path


def test_the_corpus_is_large_enough(corpus):
    assert len(corpus) >= len(CORPUS) + 2 >= 18


@pytest.mark.skipif(sys.platform == "win32", reason="SIGALRM and FIFOs are POSIX")
@pytest.mark.parametrize("name", [*CORPUS, "fifo", "map", "lus"])
def test_a_hostile_file_is_refused_everywhere_and_left_unchanged(corpus, live, tmp_path, name):
    hostile = corpus[name]
    before, live_before = digest(hostile), digest(live)
    beside = sorted(p.name for p in hostile.parent.iterdir())
    with within(LIMIT_S), pytest.raises(CrisisAppError):
        open_database(hostile, create=False).close()
    with within(LIMIT_S), pytest.raises(CrisisAppError, match=r"niet gewijzigd|niets teruggezet"):
        backup.restore(hostile, live, tmp_path / "back-ups", MOMENT)
    if name not in ("map", "lus"):  # check is never given a folder or a loop: the command line refuses those
        with within(LIMIT_S):
            report = backup.check(hostile, tmp_path / "controle", MOMENT)
        assert not report.ok
        assert "Conclusie: de database is in orde." not in report.lines()
        assert report.backup is None
    assert digest(hostile) == before
    assert digest(live) == live_before
    # nothing beside it, but the lock file that an older file's upgrade attempt took
    assert sorted(p.name for p in hostile.parent.iterdir() if p.name != f"{hostile.name}.lock") == beside
    open_database(live).close()  # the live database still opens


def test_a_newer_schema_is_reported_as_not_openable(corpus, tmp_path):
    report = backup.check(corpus["nieuwere-crisisapp"], tmp_path / "controle", MOMENT)
    assert report.lines()[0].startswith("De database is niet te openen met deze versie.")


def test_a_broken_reference_is_never_restored_and_check_fails(tmp_path, live):
    broken = tmp_path / "verwijzing.sqlite3"
    broken_reference(broken)
    before, live_before = digest(broken), digest(live)
    with pytest.raises(CrisisAppError, match="verwijzingen"):
        backup.restore(broken, live, tmp_path / "back-ups", MOMENT)
    assert not backup.check(broken, tmp_path / "controle", MOMENT).ok
    assert digest(live) == live_before and digest(broken) == before


ALL_COMMANDS = """
import contextlib, io, json, signal, sys, time
from crisisapp.app import main

def _timeout(*_):
    raise TimeoutError("hangt")

signal.signal(signal.SIGALRM, _timeout)
live, results = sys.argv[1], []
for hostile in sys.argv[2:]:
    for argv in (["piket", "now", "--db", hostile], ["print", "contacts", "--out", hostile + ".pdf", "--db", hostile],
                 ["restore", hostile, "--db", live], ["check", "--db", hostile]):
        errors, output = io.StringIO(), io.StringIO()
        started = time.monotonic()
        signal.alarm(5)
        try:
            with contextlib.redirect_stderr(errors), contextlib.redirect_stdout(output):
                status = main(argv)
        except TimeoutError:
            status = "hangt"
        finally:
            signal.alarm(0)
        said = errors.getvalue() + output.getvalue()
        results.append([argv, status, round(time.monotonic() - started, 2), said])
print(json.dumps(results))
"""


@pytest.mark.skipif(sys.platform == "win32", reason="SIGALRM and FIFOs are POSIX")
def test_every_hostile_file_is_refused_by_every_command_in_dutch_within_5_seconds(corpus, live):
    before = {name: digest(path) for name, path in corpus.items()}
    live_before = digest(live)
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")}
    env[NOW_ENV] = NOW.isoformat()
    child = subprocess.run(
        [sys.executable, "-c", ALL_COMMANDS, str(live), *map(str, corpus.values())],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    assert child.returncode == 0, child.stderr
    results = json.loads(child.stdout)
    assert len(results) == 4 * len(corpus)
    for argv, status, seconds, errors in results:
        assert status == 1, (argv, status, errors)
        assert seconds < LIMIT_S, (argv, seconds)
        refused = any(
            words in errors
            for words in (
                "crisisapp: fout:",
                "Conclusie: dit bestand is niet gecontroleerd",
                "Conclusie: er is iets mis",
            )
        )
        assert refused and "Traceback" not in errors and "onverwachts" not in errors, (
            argv,
            errors,
        )
    assert {name: digest(path) for name, path in corpus.items()} == before
    assert digest(live) == live_before
