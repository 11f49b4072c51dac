"""The CSV export opened and saved again by a real spreadsheet: LibreOffice Calc (headless) reads our quoting,
keeps every cell where it belongs, and what it writes back imports unchanged."""

import shutil
import subprocess
import unicodedata
from datetime import timedelta
from pathlib import Path

import pytest

from crisisapp.services import organisation as org
from crisisapp.services import piket, piket_files
from crisisapp.services.csvfiles import Encoding
from tests.piket_fixtures import make_rota
from tests.test_piket_exchange import AWKWARD, WEEKS

SOFFICE = shutil.which("soffice")
# separator ;, text delimiter ", character set (76 UTF-8, 1 Windows-1252), from line 1, then the column types:
# all five as text, or as Calc recognises them by itself (dates become dates: "2027-05-03 09:00:00" back)
CHARSETS = {Encoding.UTF8: "76", Encoding.WINDOWS_1252: "1"}
COLUMNS = {"tekst": "1/2/2/2/3/2/4/2/5/2", "standaard": ""}


def through_calc(csv: Path, charset: str, columns: str, folder: Path) -> bytes:
    profile = f"-env:UserInstallation=file://{folder / 'profiel'}"
    opened = [SOFFICE, profile, "--headless", f"--infilter=CSV:59,34,{charset},1,{columns}"]
    subprocess.run([*opened, "--convert-to", "ods", "--outdir", str(folder), str(csv)], check=True, timeout=180)
    saved = f"csv:Text - txt - csv (StarCalc):59,34,{charset},1"
    out = folder / "terug"
    sheet = folder / f"{csv.stem}.ods"
    subprocess.run(
        [SOFFICE, profile, "--headless", "--convert-to", saved, "--outdir", str(out), str(sheet)], check=True
    )
    return (out / f"{csv.stem}.csv").read_bytes()


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is niet geïnstalleerd")
@pytest.mark.parametrize("columns", list(COLUMNS))
@pytest.mark.parametrize("encoding", list(Encoding))
def test_libreoffice_reads_the_export_and_its_copy_imports_unchanged(context, tmp_path, encoding, columns):
    made, _ = make_rota(context)
    names = AWKWARD if encoding is Encoding.UTF8 else tuple(n for n in AWKWARD if "Zoë" not in n)
    names = tuple(unicodedata.normalize("NFC", n) if encoding is Encoding.WINDOWS_1252 else n for n in names)
    people = [context.execute(org.AddPerson(org.PersonInput(n, "Vlaardingen"))).result for n in names]
    day = timedelta(days=1)
    planned = [(WEEKS[0] + n * day, WEEKS[0] + (n + 1) * day, p.id) for n, p in enumerate(people)]
    doubled = piket_files.parse_moment("2027-10-31T02:30+02:00", line=0, column="")
    planned.append((doubled, doubled + timedelta(hours=1), people[0].id))  # within the doubled hour
    context.execute(piket.SaveShifts(made.id, tuple(planned)))
    csv = tmp_path / "piket.csv"
    csv.write_bytes(context.call(piket_files.export_csv, made.id, planned[0][0], planned[-1][1], encoding))
    copy = through_calc(csv, CHARSETS[encoding], COLUMNS[columns], tmp_path)
    plan = context.call(piket_files.plan_import, made.id, copy)
    assert plan.new_people == () and plan.changes == () and plan.conflicts == ()
    assert [s.name for s in plan.shifts] == [org.clean_name(n) for n in names] + [org.clean_name(names[0])]
