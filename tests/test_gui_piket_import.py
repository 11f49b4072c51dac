"""The piket page's import: the preview names the weeks that change, a conflict is asked about, and namesakes
become two officers only when the user says so."""

from datetime import date

import pytest

from crisisapp.services import organisation as org
from crisisapp.services import piket
from crisisapp.ui import interaction
from tests.test_gui_piket import planned_rota, window  # noqa: F401  (the fixture)


@pytest.mark.gui
@pytest.mark.parametrize("distinct", [False, True])
def test_namesakes_are_two_officers_only_when_the_user_says_so(qtbot, window, monkeypatch, tmp_path, distinct):  # noqa: F811
    context = window.context
    rota, _ = planned_rota(context, date(2027, 1, 4), date(2027, 1, 18))
    page = window.show_area("piket")
    csv = tmp_path / "schiedam.csv"
    csv.write_text("begin;einde;naam;gemeente\n2027-01-25 09:00;2027-02-01 09:00;OFFICIER 1 VLAARDINGEN;Schiedam\n")
    asked = []

    def answer(parent, title, text):
        asked.append((title, text))
        return title != "Naamgenoten" or distinct

    monkeypatch.setattr(interaction, "open_filename", lambda *args: str(csv))
    monkeypatch.setattr(interaction, "question", answer)
    before = context.call(piket.shifts, rota.id)
    assert page.import_schedule() is distinct
    preview = asked[0][1]
    assert "Het bestand vervangt alleen de diensten van Schiedam in die periode." in preview
    assert "week 4, ma 25-01-2027 09:00 – ma 01-02-2027 09:00: OFFICIER 1 VLAARDINGEN (Schiedam), was leeg" in preview
    assert "Naamgenoten: ‘OFFICIER 1 VLAARDINGEN’ staat bij Vlaardingen (al in CrisisApp) en Schiedam (regel 2)" in (
        preview
    )
    assert asked[1] == (
        "Naamgenoten",
        "‘OFFICIER 1 VLAARDINGEN’: Vlaardingen (al in CrisisApp), Schiedam (regel 2)\n\n"
        "Zijn dit echt verschillende officieren? Kies Nee om eerst het bestand te verbeteren.",
    )
    same_name = [p for p in context.call(org.list_people) if org.name_key(p.name) == "officier 1 vlaardingen"]
    assert len(same_name) == (2 if distinct else 1)
    assert (context.call(piket.shifts, rota.id) == before) is not distinct


@pytest.mark.gui
def test_a_file_that_contradicts_itself_is_shown_whole_and_not_imported(qtbot, window, monkeypatch, tmp_path):  # noqa: F811
    context = window.context
    rota, _ = planned_rota(context, date(2027, 1, 4), date(2027, 1, 18))
    page = window.show_area("piket")
    csv = tmp_path / "dubbel.csv"
    csv.write_text(
        "begin;einde;naam;gemeente\n"
        "2027-02-01 09:00;2027-02-08 09:00;A;Schiedam\n"
        "2027-02-07 09:00;2027-02-15 09:00;B;Schiedam\n"
    )
    shown = []
    monkeypatch.setattr(interaction, "open_filename", lambda *args: str(csv))
    monkeypatch.setattr(interaction, "critical", lambda parent, title, text: shown.append(text))
    monkeypatch.setattr(interaction, "question", lambda *args: pytest.fail("nothing to ask"))
    before = context.call(piket.shifts, rota.id)
    assert not page.import_schedule()
    assert "Overlap, regel 3: overlapt met regel 2" in shown[0] and "2 diensten van" in shown[0]
    assert context.call(piket.shifts, rota.id) == before
