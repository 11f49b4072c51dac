"""Backups: verified, consistent while others write, thinned, restored atomically, checked."""

import hashlib
import shutil
import sqlite3
import stat
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from crisisapp.context import AppContext
from crisisapp.errors import CrisisAppError
from crisisapp.models.programme import ProgressStatus
from crisisapp.services import programme
from crisisapp.storage import backup
from crisisapp.storage.backup import BackupFile, backups_to_delete
from crisisapp.storage.database import open_database
from crisisapp.timeutil import AMSTERDAM

pytestmark = pytest.mark.file_only("backups of a database file; a server database is dumped (test_server_backup.py)")

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def note_of(path: Path, code: str) -> str | None:
    connection = sqlite3.connect(path)
    try:
        row = connection.execute("SELECT note FROM programme_action_progress WHERE action_code = ?", (code,)).fetchone()
    finally:
        connection.close()
    return row[0] if row else None


def test_backup_is_verified_private_and_complete(context, tmp_path):
    context.execute(programme.SetProgress("6.1.1", ProgressStatus.GEREED, "vóór de back-up", NOW))
    target = backup.make_backup(context.database.path, tmp_path / "kopie.sqlite3")
    assert backup.integrity_problems(target) == ()
    assert note_of(target, "6.1.1") == "vóór de back-up"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert stat.S_IMODE(context.database.path.stat().st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("kopie")) == ["kopie.sqlite3"]


def test_backup_of_a_broken_file_never_appears(tmp_path):
    broken = tmp_path / "kapot.sqlite3"
    broken.write_bytes(b"SQLite format 3\x00" + b"\x00" * 100)
    with pytest.raises(backup.BackupError):
        backup.make_backup(broken, tmp_path / "kopie.sqlite3")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kapot.sqlite3"]


def test_backup_while_another_thread_writes_is_consistent(context, tmp_path):
    stop = threading.Event()
    written: list[int] = []

    def writer() -> None:
        number = 0
        while not stop.is_set():
            number += 1
            context.execute(programme.SetProgress("6.2.1", ProgressStatus.BEZIG, f"rij {number}", NOW))
            written.append(number)

    thread = threading.Thread(target=writer)
    thread.start()
    copies = []
    try:
        while len(copies) < 8:
            if written:
                copies.append(backup.make_backup(context.database.path, tmp_path / f"kopie-{len(copies)}.sqlite3"))
    finally:
        stop.set()
        thread.join()
    assert len(written) > 8
    for copy in copies:
        assert backup.integrity_problems(copy) == ()
        connection = sqlite3.connect(copy)
        note = connection.execute("SELECT note FROM programme_action_progress").fetchone()[0]
        latest_audit = connection.execute(
            "SELECT new_value FROM audit_entry WHERE field = 'note' ORDER BY id DESC LIMIT 1"
        ).fetchone()[0]
        connection.close()
        assert note == latest_audit  # the copy holds whole transactions: data and audit agree


def _backups(*moments: datetime, reason: str = "wijzigingen") -> list[BackupFile]:
    return [BackupFile(Path(f"b-{m:%Y%m%d%H%M}-{reason}"), m.astimezone(AMSTERDAM), reason, 1) for m in moments]


def test_thinning_keeps_12_days_10_weeks_9_months():
    now = datetime(2026, 11, 26, 12, 0, tzinfo=AMSTERDAM)
    daily = _backups(*(now - timedelta(days=d, hours=1) for d in range(1, 800)))
    deleted = {b.path for b in backups_to_delete(daily, now)}
    kept = sorted((b for b in daily if b.path not in deleted), key=lambda b: b.created, reverse=True)
    kept_days = {b.created.date() for b in kept}
    for days_ago in range(1, 13):
        assert (now - timedelta(days=days_ago, hours=1)).date() in kept_days
    weeks = {b.created.isocalendar()[:2] for b in kept}
    months = {(b.created.year, b.created.month) for b in kept}
    assert len(weeks) >= 10 and len(months) == 9
    assert len(kept) == len({b.path for b in kept}) < 12 + 10 + 9
    oldest_month = min(months)
    assert oldest_month == (2026, 3)


def test_thinning_spares_the_last_day_and_backups_that_users_made():
    now = datetime(2026, 11, 26, 12, 0, tzinfo=AMSTERDAM)
    recent = _backups(*(now - timedelta(minutes=30 * n) for n in range(1, 80)))  # 40 hours
    old_manual = _backups(now - timedelta(days=400), reason="handmatig")
    old_restore = _backups(now - timedelta(days=300), reason="voor-terugzetten")
    deleted = {b.path for b in backups_to_delete(recent + old_manual + old_restore, now)}
    within_a_day = {b.path for b in recent if now - b.created < timedelta(hours=24)}
    assert not deleted & within_a_day
    assert old_manual[0].path not in deleted and old_restore[0].path not in deleted
    assert deleted  # the older ones of yesterday are thinned to one


def test_backup_folder_is_thinned_when_a_backup_is_added(tmp_path, context):
    folder = tmp_path / "map"
    for days in range(20, 0, -1):
        backup.backup_into_folder(context.database.path, folder, NOW - timedelta(days=days), "wijzigingen")
    days = [b.created.day for b in backup.list_backups(folder, context.database.path)]
    # the twelve newest days (14 to 25 November), and 8 November as the newest of its ISO week (45)
    assert days == [*range(25, 13, -1), 8]


def test_restore_round_trips_and_keeps_the_state_before(tmp_path):
    live = tmp_path / "live.sqlite3"
    folder = tmp_path / "back-ups"
    ctx = AppContext(open_database(live), clock=lambda: NOW)
    ctx.execute(programme.SetProgress("6.3.1", ProgressStatus.BEZIG, "toestand A", NOW))
    saved = ctx.backup_now()
    ctx.execute(programme.SetProgress("6.3.1", ProgressStatus.GEREED, "toestand B", NOW))
    ctx.close()
    safety = backup.restore(saved, live, folder, NOW + timedelta(minutes=5))
    assert note_of(live, "6.3.1") == "toestand A"
    assert safety is not None and note_of(safety, "6.3.1") == "toestand B"
    reopened = AppContext(open_database(live))
    assert reopened.call(programme.progress_of, "6.3.1").note == "toestand A"
    reopened.close()


@pytest.mark.parametrize("damage", ["truncated", "foreign", "garbage", "empty"])
def test_a_bad_backup_is_refused_and_the_live_file_stays(tmp_path, damage):
    live = tmp_path / "live.sqlite3"
    ctx = AppContext(open_database(live))
    ctx.execute(programme.SetProgress("6.3.1", ProgressStatus.BEZIG, "levend", NOW))
    good = ctx.backup_now()
    ctx.close()
    bad = tmp_path / "slecht.sqlite3"
    if damage == "truncated":
        bad.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    elif damage == "foreign":
        connection = sqlite3.connect(bad)
        connection.execute("CREATE TABLE andere (x)")
        connection.commit()
        connection.close()
    elif damage == "garbage":
        bad.write_bytes(bytes(range(256)) * 64)
    else:
        bad.write_bytes(b"")
    before = digest(live)
    with pytest.raises(CrisisAppError, match="niet gewijzigd"):
        backup.restore(bad, live, tmp_path / "back-ups", NOW)
    assert digest(live) == before
    assert not list(tmp_path.glob(".*.tmp"))


def test_restore_is_refused_while_another_process_has_the_file(tmp_path, context):
    saved = context.backup_now()
    before = digest(context.database.path)
    with pytest.raises(CrisisAppError, match="in gebruik"):
        backup.restore(saved, context.database.path, tmp_path / "x", NOW)
    assert digest(context.database.path) == before


def test_check_reports_in_words_and_finds_damage(tmp_path, context):
    report = backup.check(context.database.path, tmp_path / "back-ups", NOW)
    assert report.ok and report.backup is not None and report.backup.exists()
    assert "Conclusie: de database is in orde." in report.lines()

    damaged = tmp_path / "beschadigd.sqlite3"
    shutil.copy(report.backup, damaged)
    data = bytearray(damaged.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    data[page_size * 2 + 8 : page_size * 3] = b"\xa5" * (page_size - 8)  # scribble over a table page
    damaged.write_bytes(bytes(data))
    bad = backup.check(damaged, tmp_path / "back-ups-2", NOW)
    assert not bad.ok
    assert "De database is beschadigd. SQLite meldt:" in bad.lines()
    assert bad.backup is None and bad.backup_problem


def test_automatic_backups_at_most_every_30_minutes_while_changing(tmp_path):
    moments = iter([NOW + timedelta(minutes=m) for m in (0, 0, 10, 10, 31, 31, 40, 40)])
    now = {"value": NOW}

    def clock():
        return now["value"]

    ctx = AppContext(open_database(tmp_path / "a.sqlite3"), clock=clock)
    made = []
    for _ in range(4):
        now["value"] = next(moments)
        next(moments)
        ctx.execute(programme.SetProgress("6.1.1", ProgressStatus.BEZIG, f"om {now['value']:%H:%M}", now["value"]))
        made.append(len(backup.list_backups(ctx.backup_folder(), ctx.database.path)))
    ctx.call(programme.get_progress)  # reading is no change: no backup
    assert made == [1, 1, 2, 2]
    ctx.close()


def test_restoring_the_oldest_backup_survives_the_thinning_it_triggers(tmp_path):
    live = tmp_path / "live.sqlite3"
    folder = tmp_path / "back-ups"
    ctx = AppContext(open_database(live))
    ctx.execute(programme.SetProgress("6.1.1", ProgressStatus.BEZIG, "oudste", NOW))
    ctx.close()
    for days in range(30, 0, -1):  # a month of daily backups; the oldest would go at the next thinning
        backup.make_backup(live, backup._target(live, folder, NOW - timedelta(days=days) - timedelta(days=400), "x"))
    oldest = backup.list_backups(folder, live)[-1]
    assert backup.backups_to_delete(backup.list_backups(folder, live), NOW)  # the next backup thins the folder
    safety = backup.restore(oldest.path, live, folder, NOW)
    assert safety is not None and note_of(live, "6.1.1") == "oudste"


def test_a_damaged_live_database_can_be_restored_and_is_kept_as_it_was(tmp_path):
    live = tmp_path / "live.sqlite3"
    folder = tmp_path / "back-ups"
    ctx = AppContext(open_database(live))
    ctx.execute(programme.SetProgress("6.1.1", ProgressStatus.GEREED, "goed", NOW))
    good = ctx.backup_now()
    ctx.close()
    data = bytearray(live.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    data[page_size * 2 + 8 : page_size * 3] = b"\xa5" * (page_size - 8)
    live.write_bytes(bytes(data))
    damaged = bytes(data)
    kept = backup.restore(good, live, folder, NOW + timedelta(minutes=1))
    assert kept is not None and kept.name.endswith("-beschadigd.sqlite3") and kept.read_bytes() == damaged
    assert note_of(live, "6.1.1") == "goed"


def test_a_backup_that_would_not_open_is_refused_before_the_live_file_is_touched(tmp_path):
    live = tmp_path / "live.sqlite3"
    ctx = AppContext(open_database(live))
    ctx.execute(programme.SetProgress("6.1.1", ProgressStatus.GEREED, "levend", NOW))
    odd = ctx.backup_now()
    ctx.close()
    connection = sqlite3.connect(odd)
    connection.execute("DELETE FROM alembic_version")  # tables, but no revision: it cannot be upgraded
    connection.commit()
    connection.close()
    before = digest(live)
    with pytest.raises(CrisisAppError, match="niet gewijzigd"):
        backup.restore(odd, live, tmp_path / "back-ups", NOW)
    assert digest(live) == before
    AppContext(open_database(live)).close()


def test_databases_sharing_a_folder_keep_their_own_backups(tmp_path):
    folder = tmp_path / "back-ups"
    real, exercise = tmp_path / "crisis.sqlite3", tmp_path / "oefening.sqlite3"
    for path in (real, exercise):
        open_database(path).close()
    backup.backup_into_folder(real, folder, NOW - timedelta(days=2), "wijzigingen")
    for hours in range(30):
        backup.backup_into_folder(exercise, folder, NOW - timedelta(days=1, hours=hours), "wijzigingen")
    backup.backup_into_folder(exercise, folder, NOW, "wijzigingen")
    assert [b.created.day for b in backup.list_backups(folder, real)] == [24]
    assert all(b.path.name.startswith("oefening-") for b in backup.list_backups(folder, exercise))


def test_a_failing_automatic_backup_never_undoes_the_saved_change(tmp_path):
    problems, heard = [], []
    ctx = AppContext(open_database(tmp_path / "a.sqlite3"), on_backup_problem=problems.append)
    ctx.add_listener(heard.append)
    from crisisapp.models.settings import Setting
    from crisisapp.services import settings

    with ctx.database.sessions.begin() as session:  # a folder that became unusable after it was chosen
        session.add(Setting(key=settings.BACKUP_FOLDER, value=str(tmp_path / ("x" * 300))))
    ctx.last_backup = None
    ctx.execute(programme.SetProgress("6.1.1", ProgressStatus.GEREED, "bewaard", NOW))
    assert problems and "niet bruikbaar" in problems[0]
    assert heard[-1] == frozenset({"programme_action_progress"})
    assert ctx.call(programme.progress_of, "6.1.1").note == "bewaard"
    ctx.close()


def test_looking_at_a_file_leaves_nothing_beside_it(tmp_path):
    path = tmp_path / "wal.sqlite3"
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("CREATE TABLE t (x)")
    connection.commit()
    connection.close()
    before = sorted(p.name for p in tmp_path.iterdir())
    with pytest.raises(CrisisAppError):
        open_database(path)  # another program's database: looked at, refused
    assert backup.integrity_problems(path) == ()
    assert sorted(p.name for p in tmp_path.iterdir()) == before
