"""The command line, run as a user runs it: a separate process with no display, at a fixed moment."""

import os
import sqlite3
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta

import pytest

from crisisapp import __version__
from crisisapp.app import NOW_ENV, clock_from_environment
from crisisapp.timeutil import AMSTERDAM, MONTHS, format_date, format_datetime, to_utc, utcnow
from tests.clock import NOW
from tests.pdftext import pdf_text

# Every command here runs at NOW ($CRISISAPP_NOW): the demo data and every expected date follow from it, so
# that the tests hold on any day (and at any hour) they run.


def crisisapp(*args, env_extra=None, input=None):
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")}
    env[NOW_ENV] = NOW.isoformat()
    env.update(env_extra or {})
    return subprocess.run(
        [sys.executable, "-m", "crisisapp", *args], capture_output=True, text=True, env=env, input=input
    )


def summer_time_starts_after(moment: datetime) -> date:
    """The next last Sunday of March: the night the clocks go forward."""
    for year in (moment.year, moment.year + 1):
        last = date(year, 3, 31)
        sunday = last - timedelta(days=(last.weekday() + 1) % 7)
        if sunday > moment.date():
            return sunday
    raise AssertionError("unreachable")


def test_version():
    result = crisisapp("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"CrisisApp {__version__}"


def test_print_programme_priority_without_display(tmp_path):
    out = tmp_path / "prioriteit-6.pdf"
    assert crisisapp("init", "--db", str(tmp_path / "a.db")).returncode == 0
    result = crisisapp("print", "programme", "--priority", "6", "--out", str(out), "--db", str(tmp_path / "a.db"))
    assert result.returncode == 0, result.stderr
    assert str(out) in result.stdout
    text = pdf_text(out)
    assert "6. Prioriteit fysieke veiligheid" in text
    assert "Prioriteit aanpak polarisatie" not in text


def test_demo_fills_the_file_and_the_report_shows_it(tmp_path):
    db = tmp_path / "demo.sqlite3"
    assert crisisapp("demo", "--db", str(db)).returncode == 0
    with sqlite3.connect(db) as connection:
        statuses = dict(connection.execute("SELECT action_code, status FROM programme_action_progress"))
    connection.close()
    assert statuses["6.1.1"] == "gereed"
    out = tmp_path / "programma.pdf"
    # --db before the sub-command, and through the environment variable
    assert crisisapp("--db", str(db), "print", "programme", "--out", str(out)).returncode == 0
    assert "Crisisplan herzien en door het college vastgesteld" in pdf_text(out)
    out.unlink()
    assert crisisapp("print", "programme", "--out", str(out), env_extra={"CRISISAPP_DB": str(db)}).returncode == 0
    assert "Crisisplan herzien en door het college vastgesteld" in pdf_text(out)


def test_errors_are_dutch_on_stderr_with_a_nonzero_status(tmp_path):
    out = tmp_path / "x.pdf"
    unknown = crisisapp("print", "programme", "--priority", "9", "--out", str(out), "--db", str(tmp_path / "a.db"))
    assert unknown.returncode == 1
    assert "Prioriteit 9 bestaat niet" in unknown.stderr
    assert not out.exists()
    assert not (tmp_path / "a.db").exists()

    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"dit is geen database")
    refused = crisisapp("print", "programme", "--out", str(out), "--db", str(garbage))
    assert refused.returncode == 1
    assert "geen SQLite-database" in refused.stderr
    assert garbage.read_bytes() == b"dit is geen database"

    missing = crisisapp("print", "programme")
    assert missing.returncode == 2
    assert "deze opties zijn verplicht: --out" in missing.stderr

    no_db = crisisapp("demo")
    assert no_db.returncode == 1
    assert "--db" in no_db.stderr

    assert crisisapp("init", "--db", str(tmp_path / "a.db")).returncode == 0
    unwritable = crisisapp(
        "print", "programme", "--out", str(tmp_path / "nope" / "x.pdf"), "--db", str(tmp_path / "a.db")
    )
    assert unwritable.returncode == 1
    assert "Kan niet schrijven in de map" in unwritable.stderr


def test_backup_check_and_restore_from_the_command_line(tmp_path):
    db = tmp_path / "crisis.sqlite3"
    assert crisisapp("demo", "--db", str(db)).returncode == 0
    out = tmp_path / "usb" / "kopie.sqlite3"
    out.parent.mkdir()
    made = crisisapp("backup", "--db", str(db), "--out", str(out))
    assert made.returncode == 0 and "gecontroleerd" in made.stdout
    with sqlite3.connect(out) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    copy.close()

    checked = crisisapp("check", "--db", str(db))
    assert checked.returncode == 0
    assert "Conclusie: de database is in orde." in checked.stdout

    with sqlite3.connect(db) as connection:
        connection.execute("DELETE FROM programme_action_progress")
    connection.close()
    restored = crisisapp("restore", str(out), "--db", str(db))
    assert restored.returncode == 0, restored.stderr
    assert "De vorige toestand staat in" in restored.stdout
    with sqlite3.connect(db) as connection:
        assert connection.execute("SELECT count(*) FROM programme_action_progress").fetchone()[0] > 0
    connection.close()

    truncated = tmp_path / "half.sqlite3"
    truncated.write_bytes(out.read_bytes()[:5000])
    before = db.read_bytes()
    refused = crisisapp("restore", str(truncated), "--db", str(db))
    assert refused.returncode == 1 and "niet gewijzigd" in refused.stderr
    assert db.read_bytes() == before


def test_check_exits_nonzero_on_a_damaged_database(tmp_path):
    db = tmp_path / "crisis.sqlite3"
    assert crisisapp("demo", "--db", str(db)).returncode == 0
    data = bytearray(db.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    data[page_size * 2 + 8 : page_size * 3] = b"\xa5" * (page_size - 8)
    db.write_bytes(bytes(data))
    result = crisisapp("check", "--db", str(db))
    assert result.returncode == 1
    assert "Conclusie: er is iets mis." in result.stdout


def test_print_contacts_and_alarm_list(tmp_path):
    db = tmp_path / "crisis.sqlite3"
    assert crisisapp("demo", "--db", str(db)).returncode == 0
    contacts = tmp_path / "bereikbaarheid.pdf"
    assert crisisapp("print", "contacts", "--out", str(contacts), "--db", str(db)).returncode == 0
    assert "Vertrouwelijk — bevat persoonsgegevens" in pdf_text(contacts)
    alarm = tmp_path / "grip2.pdf"
    assert crisisapp("print", "alarm", "--grip", "2", "--out", str(alarm), "--db", str(db)).returncode == 0
    assert "Alarmeringslijst GRIP 2" in pdf_text(alarm)
    # both lists call the OvD-Bz on duty now first, as `piket now` names them
    on_duty = crisisapp("piket", "now", "--db", str(db)).stdout.splitlines()[1].strip().split(" (")[0]
    for text in (pdf_text(contacts), pdf_text(alarm)):
        assert f"stand van {format_datetime(NOW)}" in text
        ovd = text[text.index("Officier van Dienst Bevolkingszorg (OvD-Bz)") :]
        assert ovd.split(" piket nu, tot ")[0].endswith(on_duty)
    wrong = crisisapp("print", "alarm", "--grip", "5", "--out", str(alarm), "--db", str(db))
    assert wrong.returncode == 1 and "GRIP-niveau 5 bestaat niet" in wrong.stderr


def test_contacts_and_alarm_list_for_another_moment(tmp_path):
    db = tmp_path / "crisis.sqlite3"
    assert crisisapp("demo", "--db", str(db)).returncode == 0
    later = to_utc(NOW + timedelta(weeks=3))
    at = f"{later.astimezone(AMSTERDAM):%Y-%m-%d %H:%M}"
    now_duty = crisisapp("piket", "now", "--db", str(db)).stdout.splitlines()[1].strip().split(" (")[0]
    later_duty = crisisapp("piket", "now", "--at", at, "--db", str(db)).stdout.splitlines()[1].strip().split(" (")[0]
    assert later_duty != now_duty  # three weeks on, another officer has the piket
    contacts, alarm = tmp_path / "bereikbaarheid.pdf", tmp_path / "grip1.pdf"
    assert crisisapp("print", "contacts", "--at", at, "--out", str(contacts), "--db", str(db)).returncode == 0
    assert crisisapp("print", "alarm", "--grip", "1", "--at", at, "--out", str(alarm), "--db", str(db)).returncode == 0
    for text in (pdf_text(contacts), pdf_text(alarm)):
        assert f"stand van {format_datetime(later.replace(second=0, microsecond=0))}" in text
        ovd = text[text.index("Officier van Dienst Bevolkingszorg (OvD-Bz)") :]
        assert "piket nu" not in ovd
        assert ovd.split(" piket op dat moment, tot ")[0].endswith(later_duty)
    bad = crisisapp("print", "alarm", "--grip", "1", "--at", "morgen", "--out", str(alarm), "--db", str(db))
    assert bad.returncode == 1 and "--at: ‘morgen’ heeft geen tijd" in bad.stderr and "Traceback" not in bad.stderr


def test_maintenance_commands_never_create_a_database_from_a_typo(tmp_path):
    typo = tmp_path / "crisis-typo.sqlite3"
    out = tmp_path / "lijst.pdf"
    commands = [
        ("check",),
        ("backup",),
        ("print", "contacts", "--out", str(out)),
        ("print", "programme", "--out", str(out)),
        ("piket", "now"),
        ("events", "list"),
        ("oto", "list", "--year", "2027"),
    ]
    for command in commands:
        result = crisisapp(*command, "--db", str(typo))
        assert result.returncode == 1 and "bestaat niet" in result.stderr, command
        assert "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == []
    made = crisisapp("init", "--db", str(typo))
    assert made.returncode == 0 and typo.is_file()
    again = crisisapp("init", "--db", str(typo))
    assert again.returncode == 1 and "bestaat al" in again.stderr


def test_restore_onto_a_damaged_database_from_the_command_line(tmp_path):
    db = tmp_path / "crisis.sqlite3"
    assert crisisapp("demo", "--db", str(db)).returncode == 0
    good = tmp_path / "goed.sqlite3"
    assert crisisapp("backup", "--db", str(db), "--out", str(good)).returncode == 0
    data = bytearray(db.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    data[page_size * 2 + 8 : page_size * 3] = b"\xa5" * (page_size - 8)  # a damaged page
    db.write_bytes(bytes(data))
    restored = crisisapp("restore", str(good), "--db", str(db))
    assert restored.returncode == 0, restored.stderr
    assert "beschadigd" in restored.stdout
    assert crisisapp("check", "--db", str(db)).returncode == 0


def test_check_fails_when_no_backup_could_be_made(tmp_path):
    db = tmp_path / "crisis.sqlite3"
    assert crisisapp("demo", "--db", str(db)).returncode == 0
    import shutil

    shutil.rmtree(tmp_path / "back-ups")  # the demo's automatic backup went there
    (tmp_path / "back-ups").write_text("een bestand waar de map hoort")
    result = crisisapp("check", "--db", str(db))
    assert result.returncode == 1
    assert "Er kon geen back-up worden gemaakt" in result.stdout
    assert "maar er is geen back-up" in result.stdout


def test_piket_from_the_command_line(tmp_path):
    db = tmp_path / "crisis.sqlite3"
    assert crisisapp("demo", "--db", str(db)).returncode == 0  # plans the rota a year ahead of NOW
    spring = summer_time_starts_after(NOW)  # a shift of 167 hours: the handover stays at 09:00
    monday = format_date(spring + timedelta(days=1))
    now = crisisapp("piket", "now", "--at", f"{spring:%Y-%m-%d} 10:00", "--db", str(db))
    assert now.returncode == 0, now.stderr
    assert now.stdout.startswith(f"Op {format_date(spring)} 10:00:")
    assert f"tot {monday} 09:00" in now.stdout and f"Daarna vanaf {monday} 09:00" in now.stdout
    bad = crisisapp("piket", "now", "--at", f"{spring:%Y-%m-%d} 02:30", "--db", str(db))
    assert bad.returncode == 1 and "bestaat niet" in bad.stderr

    current = crisisapp("piket", "now", "--db", str(db))  # no --at: the fixed now
    assert current.returncode == 0, current.stderr
    assert current.stdout.startswith(f"Op {format_date(NOW.date())} 12:00:")
    assert "niemand heeft piket" not in current.stdout

    csv = tmp_path / "rooster.csv"
    assert crisisapp("piket", "export", "--format", "csv", "--out", str(csv), "--db", str(db)).returncode == 0
    imported = crisisapp("piket", "import", str(csv), "--db", str(db))
    assert imported.returncode == 0, imported.stderr
    assert "diensten ingelezen" in imported.stdout and "Nieuw in de pool" not in imported.stdout

    ics = tmp_path / "ovd.ics"
    assert crisisapp("piket", "export", "--format", "ics", "--out", str(ics), "--db", str(db)).returncode == 0
    from icalendar import Calendar

    assert len(Calendar.from_ical(ics.read_bytes()).walk("VEVENT")) > 50

    pdf = tmp_path / "piket.pdf"
    year = NOW.year + 1  # the first quarter after NOW, inside the demo rota
    printed = crisisapp("print", "piket", "--from", f"{year}-01", "--months", "3", "--out", str(pdf), "--db", str(db))
    assert printed.returncode == 0, printed.stderr
    text = pdf_text(pdf)
    assert "Piketoverzicht" in text and f"{MONTHS[0]} t/m {MONTHS[2]} {year}" in text and "Vertrouwelijk" in text


def test_the_fixed_now_is_read_as_dutch_time_without_an_offset():
    assert clock_from_environment({}) is utcnow
    assert clock_from_environment({NOW_ENV: "2027-03-28 10:00"})() == datetime(2027, 3, 28, 8, 0, tzinfo=UTC)
    assert clock_from_environment({NOW_ENV: NOW.isoformat()})() == NOW


def test_the_fixed_now_is_refused_when_it_is_no_moment(tmp_path):
    result = crisisapp("demo", "--db", str(tmp_path / "a.db"), env_extra={NOW_ENV: "morgen"})
    assert result.returncode == 1 and "geen tijdstip" in result.stderr
    assert not (tmp_path / "a.db").exists()


@pytest.mark.skipif(sys.platform == "win32", reason="pwd is POSIX")
def test_the_audit_trail_names_the_account_whatever_the_environment_claims(tmp_path):
    import pwd

    db = tmp_path / "crisis.sqlite3"
    pretend = {"LOGNAME": "burgemeester", "USER": "burgemeester", "USERNAME": "burgemeester"}
    result = crisisapp("demo", "--db", str(db), env_extra=pretend)
    assert result.returncode == 0, result.stderr
    connection = sqlite3.connect(db)
    try:
        users = {row[0] for row in connection.execute("SELECT DISTINCT user FROM audit_entry")}
        moments = {row[0] for row in connection.execute("SELECT DISTINCT at FROM audit_entry")}
    finally:
        connection.close()
    assert users == {pwd.getpwuid(os.getuid()).pw_name}
    assert [datetime.fromisoformat(m) for m in moments] == [to_utc(NOW).replace(tzinfo=None)]  # naive UTC
