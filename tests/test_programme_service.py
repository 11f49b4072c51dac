import tomllib
from datetime import UTC, datetime
from importlib import resources

import pytest

from crisisapp.errors import DomainError
from crisisapp.models.programme import ProgressStatus
from crisisapp.services import programme

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)


def test_the_programme_has_six_priorities_as_written():
    plan = programme.load_programme()
    assert [p.number for p in plan.priorities] == [1, 2, 3, 4, 5, 6]
    assert [p.title for p in plan.priorities] == [
        "Prioriteit Ondermijning",
        "Prioriteit aanpak criminaliteit",
        "Prioriteit aanpak overlast en veiligheid in de buurt",
        "Prioriteit Aanpak risicovolle en kwetsbare inwoners",
        "Prioriteit aanpak polarisatie",
        "Prioriteit fysieke veiligheid",
    ]
    sixth = plan.priority(6)
    assert [i.title for i in sixth.inzet] == [
        "Crisisbeheersing",
        "Het vergroten van de veiligheid van evenementen",
        "Hulpdiensten",
        "Jaarwisseling",
    ]
    alarm = sixth.inzet[0].actions[3]
    assert (alarm.hoe, alarm.wie) == ("Alarmerings en opkomstoefening", "Gemeente")
    assert "Opkomstoefening (onverwachts eenmaal per jaar)" in alarm.wanneer
    assert "306 Burgerhulpverleners" in sixth.notes[0]
    assert sixth.inzet[3].actions[0].hoe == "Voorbereidingen veilige jaarwisseling"


def test_the_ocr_slips_are_corrected_and_nothing_else():
    raw = (resources.files("crisisapp.resources") / "programme.toml").read_text("utf-8")
    for slip in ("Ondernijn", "ondernijn", "Vorbereid", "aanpak Polarisation", " ^e", "<p>"):
        assert slip not in raw
    assert "Inside Polarisation" in raw
    assert "de aanpak polarisatie" in raw
    data = tomllib.loads(raw)
    codes = [a["code"] for p in data["priority"] for i in p["inzet"] for a in i["action"]]
    assert len(codes) == len(set(codes)) == 82


def test_action_codes_follow_their_place():
    plan = programme.load_programme()
    for priority in plan.priorities:
        for number, inzet in enumerate(priority.inzet, start=1):
            assert inzet.code == f"{priority.number}.{number}"
            assert [a.code for a in inzet.actions] == [f"{inzet.code}.{n}" for n in range(1, len(inzet.actions) + 1)]


def test_search_ignores_case_and_accents_and_needs_every_word():
    plan = programme.load_programme()
    assert [a.code for a in programme.search_actions(plan, "FURIADE")] == ["6.2.2"]
    assert {a.code for a in programme.search_actions(plan, "cooRDinatiepunt")} == {"4.3.3"}
    assert {a.code for a in programme.search_actions(plan, "Coordinatiepunt")} == {"4.3.3"}
    both = programme.search_actions(plan, "gemeente politie")
    assert both and all("politie" in programme.fold(a.wie + a.hoe + a.wanneer) for a in both)
    assert programme.search_actions(plan, "furiade politie") == programme.search_actions(plan, "furiade")
    assert programme.search_actions(plan, "xyzzy") == ()


def test_progress_is_open_until_recorded_and_then_kept(context):
    assert context.call(programme.progress_of, "6.1.2").status is ProgressStatus.OPEN
    context.execute(programme.SetProgress("6.1.2", ProgressStatus.BEZIG, "  Gepland in maart.  ", NOW))
    context.execute(programme.SetProgress("6.1.2", ProgressStatus.GEREED, "Gehouden op 12 maart.", NOW))
    recorded = context.call(programme.get_progress)
    assert list(recorded) == ["6.1.2"]
    assert recorded["6.1.2"].status is ProgressStatus.GEREED
    assert recorded["6.1.2"].note == "Gehouden op 12 maart."
    assert recorded["6.1.2"].updated_at == NOW


@pytest.mark.parametrize("code", ["1.1.1", "6.9.9", "onzin"])
def test_progress_only_for_priority_six_actions(context, code):
    with pytest.raises(DomainError, match="geen actie van prioriteit 6"):
        context.execute(programme.SetProgress(code, ProgressStatus.GEREED, "", NOW))
    assert context.call(programme.get_progress) == {}


def test_unknown_priority_is_refused_in_dutch():
    with pytest.raises(DomainError, match="Prioriteit 7 bestaat niet"):
        programme.load_programme().priority(7)


def test_listeners_hear_which_tables_changed(context):
    heard: list[frozenset[str]] = []
    context.add_listener(heard.append)
    context.call(programme.get_progress)
    context.execute(programme.SetProgress("6.3.1", ProgressStatus.BEZIG, "", NOW))
    assert heard == [frozenset({"programme_action_progress"})]
