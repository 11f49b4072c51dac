"""Restore and open, fuzzed: every file ends in success or a clean refusal, the live data untouched."""

import hashlib
from datetime import UTC, datetime
from pathlib import Path

from hypothesis import HealthCheck, given, settings

from crisisapp.context import AppContext
from crisisapp.models.programme import ProgressStatus
from crisisapp.services import programme
from crisisapp.storage import backup
from crisisapp.storage.database import open_database
from tests.fuzzing import check_all_or_nothing, import_inputs

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)


def _good_backup(folder: Path) -> tuple[Path, bytes]:
    live = folder / "live.sqlite3"
    context = AppContext(open_database(live))
    context.execute(programme.SetProgress("6.1.1", ProgressStatus.GEREED, "levende gegevens", NOW))
    copy = backup.make_backup(live, folder / "goed.sqlite3")
    context.close()
    return live, copy.read_bytes()


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_restore_any_file(tmp_path_factory):
    folder = tmp_path_factory.mktemp("restore")
    live, valid = _good_backup(folder)
    outcomes = {"accepted": 0, "refused": 0}

    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(import_inputs([valid]))
    def restore(data: bytes) -> None:
        candidate = folder / "kandidaat.sqlite3"
        candidate.write_bytes(data)
        accepted = check_all_or_nothing(
            lambda _data: backup.restore(candidate, live, folder / "back-ups", NOW), lambda: _digest(live), data
        )
        outcomes["accepted" if accepted else "refused"] += 1
        if accepted:  # whatever was accepted must open as a sound CrisisApp database
            reopened = AppContext(open_database(live))
            reopened.call(programme.get_progress)
            reopened.close()

    restore()
    assert outcomes["refused"] > 0 and sum(outcomes.values()) >= 100


def test_open_any_file(tmp_path_factory):
    folder = tmp_path_factory.mktemp("open")
    _live, valid = _good_backup(folder)
    refused = 0

    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(import_inputs([valid]))
    def open_file(data: bytes) -> None:
        nonlocal refused
        candidate = folder / "geopend.sqlite3"
        for stale in folder.glob("geopend.sqlite3*"):
            stale.unlink()
        candidate.write_bytes(data)

        def run(_data: bytes) -> None:
            open_database(candidate).close()

        if not check_all_or_nothing(run, lambda: _digest(candidate), data):
            refused += 1

    open_file()
    assert refused > 0
