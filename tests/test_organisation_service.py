"""Crisis organisation services: validation, assignment rules, readiness at its boundaries, gaps, import."""

from datetime import UTC, date, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from sqlalchemy import func, select

from crisisapp.errors import DomainError, ValidationError
from crisisapp.models.audit import AuditEntry, Operation
from crisisapp.models.organisation import Role
from crisisapp.models.oto import ActivityKind
from crisisapp.services import organisation as org
from crisisapp.services import piket
from crisisapp.services.csvfiles import ImportRefusedError
from crisisapp.services.organisation import PersonInput, ReadinessStatus, RequirementRecord, add_months, readiness
from tests.commands_support import unversioned
from tests.fuzzing import check_all_or_nothing, import_inputs

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
TODAY = date(2026, 11, 26)


def function_named(context, name):
    for team in context.call(org.list_teams):
        for function in team.functions:
            if function.name == name:
                return function
    raise AssertionError(name)


def person(context, name="Jan de Vries", municipality="Maassluis", mobile="06-12345678"):
    return context.execute(org.AddPerson(PersonInput(name, municipality, mobile=mobile))).result


def test_seeded_teams_and_functions(context):
    teams = context.call(org.list_teams)
    assert [t.code for t in teams] == ["GBT", "TBz", "OvD-Bz", "Ondersteuning"]
    names = {f.name for t in teams for f in t.functions}
    assert {
        "Burgemeester (voorzitter GBT)",
        "Gemeentesecretaris",
        "Adviseur crisiscommunicatie",
        "Algemeen Commandant Bevolkingszorg (AC-Bz)",
        "Procesleider crisiscommunicatie",
        "Procesleider publieke zorg",
        "Procesleider omgevingszorg",
        "Procesleider informatiemanagement",
        "Procesleider nazorg",
        "Officier van Dienst Bevolkingszorg (OvD-Bz)",
        "Informatiemanager GBT",
        "Secretaris / logboekhouder GBT",
    } <= names
    ovd = function_named(context, "Officier van Dienst Bevolkingszorg (OvD-Bz)")
    assert ovd.alarm_from_grip == 1
    assert {r.kind for r in ovd.requirements} == {ActivityKind.TRAINING, ActivityKind.ALARMERING}


@pytest.mark.parametrize(
    "number", ["06-12345678", "06 1234 5678", "010-1234567", "+31 6 12345678", "0031612345678", "+32 470 12 34 56", ""]
)
def test_phone_numbers_that_look_right(number):
    assert org.phone_problem(number) is None


@pytest.mark.parametrize("number", ["12345", "06-1234567", "06-123456789", "bel maar", "+0 612345678", "6123456789"])
def test_phone_numbers_that_do_not(number):
    assert "geen telefoonnummer" in org.phone_problem(number)


def test_person_validation_names_each_bad_field(context):
    with pytest.raises(ValidationError) as refused:
        context.execute(org.AddPerson(PersonInput("  ", "Rotterdam", mobile="123", email="geen-adres")))
    assert set(refused.value.errors) == {"name", "municipality", "mobile", "email"}
    assert context.call(org.list_people) == ()
    saved = context.execute(
        org.AddPerson(PersonInput("  Els   Visser ", "vlaardingen", email="els@vlaardingen.nl"))
    ).result
    assert (saved.name, saved.municipality) == ("Els Visser", "Vlaardingen")


def test_archived_people_leave_the_lists_but_keep_their_history(context):
    els = person(context, "Els Visser")
    ovd = function_named(context, "Officier van Dienst Bevolkingszorg (OvD-Bz)")
    context.execute(org.Assign(els.id, ovd.id, Role.PRIMARY, date(2026, 1, 1)))
    context.execute(org.SetPersonArchived(els.id, True))
    assert context.call(org.list_people) == ()
    assert [p.name for p in context.call(org.list_people, include_archived=True)] == ["Els Visser"]
    staffing = next(s for s in context.call(org.overview, TODAY).staffing if s.function.id == ovd.id)
    assert staffing.holders == ()
    assert len(context.call(org.list_assignments, person_id=els.id)) == 1


def test_assignment_rules(context):
    a, b, c = (person(context, name) for name in ("Anna Bos", "Bert Blom", "Cas Baas"))
    f = function_named(context, "Gemeentesecretaris")
    context.execute(org.Assign(a.id, f.id, Role.PRIMARY, date(2026, 1, 1), date(2026, 6, 30)))
    with pytest.raises(DomainError, match="al een primaire functionaris \\(Anna Bos\\)"):
        context.execute(org.Assign(b.id, f.id, Role.PRIMARY, date(2026, 6, 1)))
    later = context.execute(org.Assign(b.id, f.id, Role.PRIMARY, date(2026, 7, 1))).result
    assert later.rank == 0
    with pytest.raises(DomainError, match="heeft de functie Gemeentesecretaris in die periode al"):
        context.execute(org.Assign(b.id, f.id, Role.DEPUTY, date(2026, 8, 1)))
    with pytest.raises(ValidationError, match="vóór de begindatum"):
        context.execute(org.Assign(c.id, f.id, Role.DEPUTY, date(2026, 8, 1), date(2026, 7, 1)))
    first = context.execute(org.Assign(c.id, f.id, Role.DEPUTY, date(2026, 8, 1))).result
    second = context.execute(org.Assign(a.id, f.id, Role.DEPUTY, date(2026, 8, 1))).result
    assert (first.rank, second.rank) == (1, 2)
    context.execute(org.SetFunctionRetired(f.id, True))
    with pytest.raises(DomainError, match="vervallen"):
        context.execute(org.Assign(a.id, f.id, Role.DEPUTY, date(2027, 1, 1)))


def test_add_months_clamps_to_the_month_end():
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2027, 12, 15), 12) == date(2028, 12, 15)
    assert add_months(date(2026, 3, 31), -1) == date(2026, 2, 28)


def test_readiness_at_the_boundaries():
    needs = (RequirementRecord(ActivityKind.TRAINING, 12),)
    attended = {ActivityKind.TRAINING: date(2025, 11, 26)}
    exactly_a_year = readiness(needs, attended, date(2026, 11, 26))
    assert exactly_a_year.status is ReadinessStatus.EXPIRING and exactly_a_year.expires == date(2026, 11, 26)
    day_after = readiness(needs, attended, date(2026, 11, 27))
    assert day_after.status is ReadinessStatus.NOT_READY
    assert "training verlopen op vr 27-11-2026" in day_after.reason
    assert readiness(needs, attended, date(2026, 9, 27)).status is ReadinessStatus.READY  # 60 days left
    sixty_minus_one = readiness(needs, attended, date(2026, 9, 28))
    assert sixty_minus_one.status is ReadinessStatus.EXPIRING and "verloopt na do 26-11-2026" in sixty_minus_one.reason
    both = (*needs, RequirementRecord(ActivityKind.ALARMERING, 6))
    missing = readiness(both, attended, date(2026, 1, 10))
    assert missing.status is ReadinessStatus.NOT_READY and "nog geen alarmeringsoefening" in missing.reason
    assert readiness((), {}, TODAY).status is ReadinessStatus.READY
    assert readiness(needs, {ActivityKind.TRAINING: date(2027, 1, 1)}, TODAY).status is ReadinessStatus.NOT_READY


def test_gaps_appear_and_disappear(context):
    ac = function_named(context, "Algemeen Commandant Bevolkingszorg (AC-Bz)")

    def problems():
        return next(s for s in context.call(org.overview, TODAY).staffing if s.function.id == ac.id).problems()

    assert problems() == ("geen primaire functionaris", "geen plaatsvervanger")
    a, b = person(context, "Anna Bos"), person(context, "Bert Blom")
    context.execute(org.Assign(a.id, ac.id, Role.PRIMARY, date(2026, 1, 1)))
    context.execute(org.Assign(b.id, ac.id, Role.DEPUTY, date(2026, 1, 1)))
    assert problems() == ("niemand vakbekwaam",)
    for kind in (ActivityKind.TRAINING, ActivityKind.OEFENING):
        context.execute(org.RecordAttendance(b.id, kind, date(2026, 10, 1), NOW))
    assert problems() == ()
    gaps = context.call(org.overview, TODAY).gaps()
    assert ac.id not in {g.function.id for g in gaps} and gaps


def test_alarm_lists_follow_the_grip_level_primary_first(context):
    ovd = function_named(context, "Officier van Dienst Bevolkingszorg (OvD-Bz)")
    deputy, primary = person(context, "Dirk Deputy"), person(context, "Petra Primair")
    context.execute(org.Assign(deputy.id, ovd.id, Role.DEPUTY, date(2026, 1, 1)))
    context.execute(org.Assign(primary.id, ovd.id, Role.PRIMARY, date(2026, 1, 1)))
    view = context.call(piket.alarm_list, NOW)  # no piket rota yet
    assert [s.function.name for s in view.for_grip(1)] == ["Officier van Dienst Bevolkingszorg (OvD-Bz)"]
    assert [c.person.name for c in view.for_grip(1)[0].calls] == ["Petra Primair", "Dirk Deputy"]
    grip3 = {s.function.name for s in view.for_grip(3)}
    assert "Burgemeester (voorzitter GBT)" in grip3 and "Burgemeester (voorzitter GBT)" not in {
        s.function.name for s in view.for_grip(2)
    }
    shares = {"Maassluis": 1}
    context.execute(piket.CreateRota("OvD-Bz", ovd.id, shares))
    grip3 = context.call(piket.alarm_list, NOW).for_grip(3)
    assert grip3[0].function.id == ovd.id and grip3[0].piket  # the first to act comes first
    others = [s.function.name for s in view.for_grip(3) if s.function.id != ovd.id]
    assert [f.function.name for f in grip3[1:]] == others  # then the rest in team order
    context.execute(org.UpdateFunction(ovd.id, ovd.name, None, ovd.requirements))
    assert context.call(piket.alarm_list, NOW).for_grip(4) and ovd.id not in {
        s.function.id for s in context.call(piket.alarm_list, NOW).for_grip(4)
    }


def test_a_function_without_a_rota_calls_primary_then_deputies_and_whoever_is_away_last(context):
    secretary = function_named(context, "Gemeentesecretaris")
    anna, bert, cas = (person(context, name) for name in ("Anna Bos", "Bert Blom", "Cas Baas"))
    for someone, role in ((bert, Role.DEPUTY), (anna, Role.PRIMARY), (cas, Role.DEPUTY)):
        context.execute(org.Assign(someone.id, secretary.id, role, date(2026, 1, 1)))
    for requirement in secretary.requirements:
        context.execute(org.RecordAttendance(cas.id, requirement.kind, date(2026, 10, 1), NOW))

    def calls(moment):
        alarm = context.call(piket.alarm_list, moment)
        return next(f for f in alarm.for_grip(3) if f.function.id == secretary.id).calls

    assert [(c.person.name, c.role, c.marks()) for c in calls(NOW)] == [
        ("Anna Bos", "primair", ("niet vakbekwaam",)),
        ("Bert Blom", "plaatsvervanger", ("niet vakbekwaam",)),
        ("Cas Baas", "plaatsvervanger 2", ()),
    ]
    leave = (datetime(2026, 11, 20, tzinfo=UTC), datetime(2026, 12, 1, tzinfo=UTC))
    context.execute(piket.AddUnavailability(anna.id, *leave))
    away = calls(NOW)
    assert [c.person.name for c in away] == ["Bert Blom", "Cas Baas", "Anna Bos"]
    assert away[-1].marks() == ("verlof tot di 01-12-2026 01:00", "niet vakbekwaam") and not away[-1].reachable
    assert [c.person.name for c in calls(leave[1])] == ["Anna Bos", "Bert Blom", "Cas Baas"]  # back from leave


def test_a_function_nobody_holds_is_a_gap_in_words(context):
    alarm = context.call(piket.alarm_list, NOW)
    police = next(f for f in alarm.functions if f.function.name == "Adviseur politie")
    assert police.calls == () and police.gap() == "niet bezet (hiaat)"
    assert alarm.moment == NOW


@pytest.mark.parametrize(("number", "text"), [(0, "0 functies"), (1, "1 functie"), (2, "2 functies")])
def test_counted_says_singular_or_plural(number, text):
    assert org.counted(number, "functie", "functies") == text


GOOD = (
    "naam;gemeente;afdeling;mobiel;e-mail\n"
    "Jan de Vries;Maassluis;Veiligheid;06-12345678;jan@maassluis.nl\n"
    "Fleur Öztürk;Schiedam;Communicatie;+31 6 87654321;fleur@schiedam.nl\n"
)


@pytest.mark.parametrize(
    ("data", "label"),
    [
        (GOOD.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + GOOD.encode("utf-8"), "utf-8 with BOM"),
        (GOOD.encode("cp1252"), "windows-1252"),
        (GOOD.replace(";", ",").encode("utf-8"), "comma"),
        (GOOD.replace("\n", "\r\n").encode("cp1252"), "crlf"),
    ],
)
def test_good_people_files_import(context, data, label):
    plan = context.execute(org.ImportPeople(data)).result
    assert len(plan.adds) == 2, label
    people = {p.name: p for p in context.call(org.list_people)}
    assert people["Fleur Öztürk"].municipality == "Schiedam"
    assert people["Jan de Vries"].mobile == "06-12345678"


def test_import_updates_known_people_and_keeps_what_a_cell_leaves_empty(context):
    known = context.execute(
        org.AddPerson(PersonInput("Jan de Vries", "Maassluis", mobile="06-11111111", phone="010-5555555"))
    ).result
    data = "Naam;Gemeente;Mobiel;Telefoon;Functie\nJan de Vries;Maassluis;06-22222222;;OvD\nNieuw Mens;Vlaardingen;;;\n"
    plan = context.call(org.plan_people_import, data.encode())
    assert [p.name for p in plan.adds] == ["Nieuw Mens"]
    assert [(old.id, new.mobile, new.phone) for old, new in plan.updates] == [(known.id, "06-22222222", "010-5555555")]
    assert plan.ignored_columns == ("Functie",)
    context.execute(org.ImportPeople(data.encode()))
    assert context.call(org.get_person, known.id).mobile == "06-22222222"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"naam;mobiel\nJan;06-12345678\n", "Regel 1: De kolom gemeente ontbreekt"),
        (
            b"naam;gemeente;mobiel\nJan;Maassluis;06-12345678\nPiet;Maassluis;0612\n",
            "Regel 3, kolom ‘mobiel’: ‘0612’ is geen telefoonnummer",
        ),
        (
            b"naam;gemeente\nJan;Maassluis\nPiet;Rotterdam\n",
            "Regel 3, kolom ‘gemeente’: Onbekende gemeente of organisatie ‘Rotterdam’",
        ),
        (b"naam;gemeente\n;Maassluis\n", "Regel 2, kolom ‘naam’: Vul een naam in."),
        (b"naam;gemeente\nJan;Maassluis\njan;maassluis\n", "Regel 3: jan (Maassluis) staat ook al op regel 2"),
        (b"", "Het bestand is leeg"),
        (b"naam;gemeente\n", "geen gegevens"),
        (bytes(range(256)) * 8, "geen tekstbestand"),
    ],
    ids=["missing-column", "bad-number", "unknown-municipality", "no-name", "twice", "empty", "header-only", "binary"],
)
def test_bad_people_files_are_refused_whole(context, data, message):
    person(context, "Bestaand Persoon")
    audit_rows = context.call(lambda s: s.scalar(select(func.count(AuditEntry.id))))
    with pytest.raises(ImportRefusedError) as refused:
        context.execute(org.ImportPeople(data))
    assert message in str(refused.value)
    assert str(refused.value).endswith("Er is niets geïmporteerd.")
    assert [p.name for p in context.call(org.list_people)] == ["Bestaand Persoon"]
    assert context.call(lambda s: s.scalar(select(func.count(AuditEntry.id)))) == audit_rows


def test_people_import_fuzzed(context):
    outcomes = {"accepted": 0, "refused": 0}

    def people_state():
        return context.call(org.list_people, include_archived=True)

    @settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(import_inputs([GOOD.encode("utf-8"), GOOD.encode("cp1252")]))
    def run(data):
        accepted = check_all_or_nothing(lambda d: context.execute(org.ImportPeople(d)), people_state, data)
        outcomes["accepted" if accepted else "refused"] += 1

    run()
    assert outcomes["accepted"] and outcomes["refused"]


def test_a_file_of_one_quote_is_refused_in_words(context):
    with pytest.raises(ImportRefusedError, match="aanhalingsteken zonder sluitteken"):
        context.execute(org.ImportPeople(b'"'))


def test_line_numbers_count_lines_of_the_file_after_a_quoted_line_break(context):
    data = 'naam;gemeente;opmerkingen\nJan;Maassluis;"twee\nregels"\nPiet;Rotterdam;\n'
    with pytest.raises(ImportRefusedError, match="Regel 4, kolom ‘gemeente’"):
        context.execute(org.ImportPeople(data.encode()))


def test_deputies_are_numbered_as_they_stand_now(context):
    f = function_named(context, "Gemeentesecretaris")
    old, current = person(context, "Oud Lid"), person(context, "Huidig Lid")
    context.execute(org.Assign(old.id, f.id, Role.DEPUTY, date(2025, 1, 1), date(2025, 12, 31)))
    context.execute(org.Assign(current.id, f.id, Role.DEPUTY, date(2026, 1, 1)))
    staffing = next(s for s in context.call(org.overview, TODAY).staffing if s.function.id == f.id)
    assert [(h.person.name, h.assignment.rank) for h in staffing.holders] == [("Huidig Lid", 1)]


def test_an_import_is_undone_exactly(context):
    person(context, "Jan de Vries")
    before = context.call(org.list_people, include_archived=True)
    done = context.execute(org.ImportPeople(GOOD.encode()))
    assert ([p.name for p in done.result.adds], len(done.result.updates)) == (["Fleur Öztürk"], 1)
    context.execute(done.inverse)
    assert unversioned(context.call(org.list_people, include_archived=True)) == unversioned(before)


def test_a_dropped_requirement_is_deleted_audited_and_comes_back_on_undo(context):
    ovd = function_named(context, "Officier van Dienst Bevolkingszorg (OvD-Bz)")
    kept = tuple(r for r in ovd.requirements if r.kind is ActivityKind.TRAINING)
    done = context.execute(org.UpdateFunction(ovd.id, ovd.name, ovd.alarm_from_grip, kept))
    assert function_named(context, ovd.name).requirements == kept
    deleted = context.call(
        lambda s: s.scalars(
            select(AuditEntry.field).where(
                AuditEntry.table_name == "function_requirement",
                AuditEntry.operation == Operation.DELETE,
                AuditEntry.action == "Functie wijzigen",
            )
        ).all()
    )
    assert {"kind", "months"} <= set(deleted)
    context.execute(done.inverse)
    assert function_named(context, ovd.name).requirements == ovd.requirements
