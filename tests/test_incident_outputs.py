"""What an incident leaves on paper and in files: the sitrap and the full record read back, the export parsed
back, and the command line that writes them without a display."""

import csv
import io
import json
from datetime import timedelta

from crisisapp.models.incident import CallOutcome, EntryKind, MeetingKind
from crisisapp.reports.incident import record_pdf, sitrap_pdf
from crisisapp.services import incident as inc
from crisisapp.services.incident import IncidentInput, MeetingInput
from crisisapp.timeutil import format_datetime, to_local
from tests.clock import NOW
from tests.pdftext import pdf_pages, pdf_text
from tests.test_cli import crisisapp
from tests.test_incident_service import ALERT, MINUTE, crew  # noqa: F401 (the fixture)


def recorded(context, crew):  # noqa: F811
    ovd, _acbz, people, _boss = crew
    made = context.execute(inc.StartIncident(IncidentInput("Brand De Kolk", "Havenkade 3", 1, ALERT, "Meldkamer")))
    incident_id = made.result.id
    context.execute(inc.RecordCall(incident_id, ovd.id, people[0].id, CallOutcome.NOT_REACHED, ALERT + MINUTE))
    reached = context.execute(
        inc.RecordCall(incident_id, ovd.id, people[1].id, CallOutcome.REACHED, ALERT + 4 * MINUTE, "komt eraan")
    ).result
    context.execute(inc.RecordArrival(reached.id, ALERT + 31 * MINUTE))
    wrong = context.execute(
        inc.AddEntry(incident_id, EntryKind.BESLUIT, "Ontruimen Havenkade 1-9", ALERT + 10 * MINUTE, ALERT)
    ).result
    context.execute(
        inc.AddEntry(
            incident_id,
            EntryKind.BESLUIT,
            "Ontruimen Havenkade 1-19",
            ALERT + 11 * MINUTE,
            ALERT,
            corrects_id=wrong.id,
        )
    )
    context.execute(
        inc.AddEntry(incident_id, EntryKind.ACTIE, "Bussen regelen", ALERT + 12 * MINUTE, ALERT, "RET", None)
    )
    for n in range(40):  # a record of more than one page
        context.execute(inc.AddEntry(incident_id, EntryKind.INFORMATIE, f"Stand {n}", ALERT + (13 + n) * MINUTE, ALERT))
    context.execute(inc.SetGrip(incident_id, 2, ALERT + 20 * MINUTE))
    context.execute(
        inc.AddMeeting(
            incident_id, MeetingInput(MeetingKind.COPI, ALERT + 25 * MINUTE, "Leider CoPI\nOvD-Bz", "b", "o", "opvang")
        )
    )
    return incident_id


def test_the_sitrap_shows_the_state_now(context, crew):  # noqa: F811
    incident_id = recorded(context, crew)
    text = pdf_text(sitrap_pdf(context.call(inc.sitrap, incident_id, ALERT + 60 * MINUTE), "Maassluis"))
    assert "Situatierapport — Brand De Kolk" in text and "Vertrouwelijk" in text
    assert "GRIP 1 om 23:14 (+0:00) → GRIP 2 om 23:34 (+0:20)" in text
    assert "aanwezig: Officier 1" in text
    assert "HIAAT" in text and "Algemeen Commandant Bevolkingszorg (AC-Bz)" in text  # the open gaps
    assert "Ontruimen Havenkade 1-19" in text and "Ontruimen Havenkade 1-9 " not in text  # what stands
    assert "Bussen regelen" in text and "RET" in text  # open actions
    assert "Stand 39" in text and "Stand 29" not in text  # the latest ten entries


def test_the_record_holds_everything_with_the_corrections_visible(context, crew):  # noqa: F811
    incident_id = recorded(context, crew)
    context.execute(inc.CloseIncident(incident_id, ALERT + 90 * MINUTE))
    pdf = record_pdf(context.call(inc.sitrap, incident_id, ALERT + 95 * MINUTE, full=True), "Maassluis")
    pages = pdf_pages(pdf)
    assert len(pages) > 1 and all(f"Pagina {n} van {len(pages)}" in page for n, page in enumerate(pages, 1))
    assert all("Vertrouwelijk" in page for page in pages)
    text = pdf_text(pdf)
    assert "Afgesloten: " + format_datetime(ALERT + 90 * MINUTE) in text
    assert "Ontruimen Havenkade 1-9 gecorrigeerd door regel" in text  # the original stays readable
    assert "correctie op regel" in text and "Stand 0" in text and "Stand 39" in text
    assert "niet bereikt" in text and "komt eraan" in text  # every call
    assert "Beeldvorming: b" in text and "Besluitvorming: opvang" in text
    # the figures: reached after 4 minutes (norm 15), present after 31 (norm 60)
    assert "(OvD-Bz) 4:00 binnen 15 min 31:00 binnen 60 min" in text


def test_the_command_line_lists_prints_and_exports(tmp_path):
    db = tmp_path / "demo.sqlite3"
    assert crisisapp("demo", "--db", str(db)).returncode == 0
    listing = crisisapp("incident", "list", "--db", str(db))
    assert listing.returncode == 0, listing.stderr
    lines = listing.stdout.strip().splitlines()
    assert len(lines) == 2 and "Brand bedrijfspand Noordvliet (oefening)" in lines[0] and "[loopt]" in lines[0]
    assert "Stroomstoring Koningshoek (oefening)" in lines[1] and "[afgesloten" in lines[1]
    running = lines[0].split()[0]

    sitrap = tmp_path / "sitrap.pdf"
    done = crisisapp("print", "incident", "--incident", running, "--sitrap", "--out", str(sitrap), "--db", str(db))
    assert done.returncode == 0, done.stderr
    text = pdf_text(sitrap)
    assert "Situatierapport — Brand bedrijfspand Noordvliet" in text
    assert f"Stand op {format_datetime(NOW)} (+0:40 na de alarmering)" in text

    full = tmp_path / "verslag.pdf"
    assert crisisapp("print", "incident", "--incident", running, "--out", str(full), "--db", str(db)).returncode == 0
    assert "Incidentverslag — Brand bedrijfspand Noordvliet" in pdf_text(full)

    out = tmp_path / "incident.csv"
    exported = crisisapp(
        "incident", "export", "--incident", running, "--format", "csv", "--out", str(out), "--db", str(db)
    )
    assert exported.returncode == 0, exported.stderr
    rows = list(csv.DictReader(io.StringIO(out.read_text("utf-8-sig")), delimiter=";"))
    kinds = {row["soort"] for row in rows}
    assert kinds == {"logregel", "alarmering"}
    first = rows[0]
    alert = (NOW - timedelta(minutes=40)).replace(second=0)
    assert first["tijd_lokaal"].startswith(to_local(alert + MINUTE).strftime("%Y-%m-%dT%H:%M"))
    json_out = tmp_path / "incident.json"
    args = ("incident", "export", "--incident", running, "--format", "json", "--out", str(json_out), "--db", str(db))
    assert crisisapp(*args).returncode == 0
    assert json.loads(json_out.read_text())["regels"] == rows

    unknown = crisisapp("print", "incident", "--incident", "99", "--out", str(tmp_path / "x.pdf"), "--db", str(db))
    assert unknown.returncode != 0 and "Incident 99 bestaat niet" in unknown.stderr
