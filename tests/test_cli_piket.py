"""The piket on the command line alone: a fresh database, rotas, partner files, the doubled hour, pipes."""

import os
import subprocess
import sys

from crisisapp.app import NOW_ENV
from tests.clock import NOW
from tests.test_cli import crisisapp


def fresh(tmp_path) -> str:
    """A new, empty database made as a user makes one without the app (``crisisapp init``)."""
    db = str(tmp_path / "crisis.sqlite3")
    made = crisisapp("init", "--db", db)
    assert made.returncode == 0, made.stderr
    return db


def test_a_fresh_database_gets_its_rota_from_the_command_line(tmp_path):
    db = fresh(tmp_path)
    csv = tmp_path / "vlaardingen.csv"
    csv.write_text("begin;einde;naam;gemeente\n2027-01-04 09:00;2027-01-11 09:00;Jan de Wit;Vlaardingen\n")
    refused = crisisapp("piket", "import", str(csv), "--db", db)
    assert refused.returncode == 1 and "--create-rota" in refused.stderr and "piket rota create" in refused.stderr
    nothing_yet = crisisapp("piket", "import", str(csv), "--preview", "--create-rota", "--db", db)
    assert nothing_yet.returncode == 1 and "nog niets om mee te vergelijken" in nothing_yet.stderr
    made = crisisapp("piket", "import", str(csv), "--create-rota", "--db", db)
    assert made.returncode == 0, made.stderr
    assert "Piketrooster 1 ‘OvD-Bz Maassluis, Vlaardingen, Schiedam’ aangemaakt" in made.stdout
    assert "Nieuw in de pool: Jan de Wit (Vlaardingen)" in made.stdout and "1 dienst ingelezen." in made.stdout

    second = crisisapp(
        "piket", "rota", "create", "--name", "Reserve", "--handover", "vrijdag 17:30", "--shift-days", "14",
        "--shares", "Maassluis=2,Schiedam=1", "--db", db,
    )  # fmt: skip
    assert second.returncode == 0, second.stderr
    edited = crisisapp("piket", "rota", "edit", "2", "--name", "Reserve OvD-Bz", "--handover", "ma 08:00", "--db", db)
    assert edited.returncode == 0, edited.stderr
    listed = crisisapp("piket", "rota", "list", "--db", db).stdout.splitlines()
    assert listed[0].startswith("1  OvD-Bz Maassluis, Vlaardingen, Schiedam  (Officier van Dienst Bevolkingszorg")
    assert listed[1] == (
        "2  Reserve OvD-Bz  (Officier van Dienst Bevolkingszorg (OvD-Bz); overdracht maandag 08:00, diensten van "
        "14 dagen; aandelen Maassluis 2, Schiedam 1)"
    )
    wrong = crisisapp("piket", "rota", "edit", "2", "--handover", "maandagochtend", "--db", db)
    assert wrong.returncode == 1 and "bijvoorbeeld ‘maandag 09:00’" in wrong.stderr and "Traceback" not in wrong.stderr


def test_partner_files_merge_and_namesakes_are_asked_for(tmp_path):
    db = fresh(tmp_path)
    vlaardingen, schiedam = tmp_path / "v.csv", tmp_path / "s.csv"
    vlaardingen.write_text("begin;einde;naam;gemeente\n2027-01-04 09:00;2027-01-11 09:00;Jan de Wit;Vlaardingen\n")
    schiedam.write_text("begin;einde;naam;gemeente\n2027-01-11 09:00;2027-01-18 09:00;JAN DE WIT;Schiedam\n")
    assert crisisapp("piket", "import", str(vlaardingen), "--create-rota", "--db", db).returncode == 0
    preview = crisisapp("piket", "import", str(schiedam), "--preview", "--db", db)
    assert preview.returncode == 0 and "Voorvertoning: er is niets geïmporteerd." in preview.stdout
    assert "Naamgenoten: ‘JAN DE WIT’ staat bij Vlaardingen (al in CrisisApp) en Schiedam (regel 2)" in preview.stdout
    refused = crisisapp("piket", "import", str(schiedam), "--db", db)
    assert refused.returncode == 1 and "Bevestig dat dit verschillende officieren zijn" in refused.stderr
    assert "geef dan --distinct-namesakes" in refused.stderr
    assert crisisapp("piket", "import", str(schiedam), "--distinct-namesakes", "--db", db).returncode == 0
    both = crisisapp("piket", "export", "--format", "ics", "--person", "jan  de wit", "--out", "x.ics", "--db", db)
    assert both.returncode == 1 and "Jan de Wit (Vlaardingen, nr 1); JAN DE WIT (Schiedam, nr 2)" in both.stderr
    nobody = crisisapp("piket", "export", "--format", "ics", "--person", "Piet", "--out", "x.ics", "--db", db)
    assert nobody.returncode == 1 and "geen officier" in nobody.stderr

    clash = tmp_path / "v2.csv"
    clash.write_text("begin;einde;naam;gemeente\n2027-01-11 09:00;2027-01-18 09:00;Jan de Wit;Vlaardingen\n")
    conflict = crisisapp("piket", "import", str(clash), "--db", db)
    assert conflict.returncode == 1 and "overlapt met die van JAN DE WIT (Schiedam)" in conflict.stderr
    assert "de hele periode vervangen: --replace-period" in conflict.stderr

    out = tmp_path / "rooster.csv"
    written = crisisapp(
        "piket", "export", "--format", "csv", "--encoding", "windows-1252", "--out", str(out), "--db", db
    )
    assert written.returncode == 0 and "(2 diensten)" in written.stdout
    assert out.read_bytes().startswith(b"begin;einde;naam;gemeente;functie\r\n")  # no BOM in Windows-1252
    again = crisisapp("piket", "import", str(out), "--db", db)
    assert again.returncode == 0 and "Het rooster verandert niet" in again.stdout


def test_the_doubled_hour_answers_once_when_both_readings_agree(tmp_path):
    db = fresh(tmp_path)
    csv = tmp_path / "oktober.csv"
    csv.write_text(
        "begin;einde;naam;gemeente\n"
        "2027-10-25 09:00;2027-10-31T02:45+02:00;Anna Smit;Maassluis\n"
        "2027-10-31T02:45+02:00;2027-11-01 09:00;Bram Kok;Schiedam\n"
    )
    assert crisisapp("piket", "import", str(csv), "--create-rota", "--db", db).returncode == 0
    same = crisisapp("piket", "now", "--at", "2027-10-31 02:50", "--db", db)  # 02:50 is Bram's both times
    assert same.returncode == 0, same.stderr
    assert same.stdout.startswith(
        "Op zo 31-10-2027 02:50 (+02:00 en +01:00: dit tijdstip komt twee keer voor; beide keren dezelfde officier):"
    )
    assert "  Bram Kok (Schiedam" in same.stdout
    differ = crisisapp("piket", "now", "--at", "2027-10-31 02:30", "--db", db)
    assert differ.returncode == 0, differ.stderr
    text = differ.stdout
    assert "Op zo 31-10-2027 02:30 +02:00 (zomertijd):\n  Anna Smit" in text
    assert "Op zo 31-10-2027 02:30 +01:00 (wintertijd):\n  Bram Kok" in text
    mine = tmp_path / "anna.csv"
    written = crisisapp("piket", "export", "--format", "csv", "--person", "ANNA SMIT", "--out", str(mine), "--db", db)
    assert written.returncode == 0 and "(1 dienst)" in written.stdout
    assert mine.read_text(encoding="utf-8-sig").splitlines()[1:] == [
        "2027-10-25 09:00;2027-10-31T02:45+02:00;Anna Smit;Maassluis;Officier van Dienst Bevolkingszorg (OvD-Bz)"
    ]


def test_an_empty_export_says_so_and_a_closed_pipe_ends_quietly(tmp_path):
    db = fresh(tmp_path)
    assert crisisapp("piket", "rota", "create", "--name", "Leeg", "--db", db).returncode == 0
    empty = crisisapp("piket", "export", "--format", "ics", "--out", str(tmp_path / "x.ics"), "--db", db)
    assert empty.returncode == 1 and "geen diensten; er is niets geschreven" in empty.stderr
    assert not (tmp_path / "x.ics").exists()
    assert crisisapp("demo", "--db", db).returncode == 0
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY")}
    env[NOW_ENV] = NOW.isoformat()
    reader = subprocess.Popen(
        [sys.executable, "-m", "crisisapp", "oto", "list", "--internal", "--db", db],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert reader.stdout is not None and reader.stderr is not None
    reader.stdout.close()  # `| head` that has read enough
    errors = reader.stderr.read().decode()
    reader.stderr.close()
    assert reader.wait() == 0 and errors == ""


def test_the_people_list_exports(tmp_path):
    db = str(tmp_path / "crisis.sqlite3")
    assert crisisapp("demo", "--db", db).returncode == 0
    out = tmp_path / "personen.csv"
    done = crisisapp("people", "export", "--out", str(out), "--db", db)
    assert done.returncode == 0 and "vertrouwelijk" in done.stdout
    assert out.read_bytes().startswith("\ufeffnaam;gemeente;afdeling;mobiel;telefoon;e-mail;opmerkingen\r\n".encode())
