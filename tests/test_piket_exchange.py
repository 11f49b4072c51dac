"""Exchanging schedules with Vlaardingen and Schiedam as they really do it: each partner sends its own weeks,
in the encodings their spreadsheets write, and what CrisisApp exports reads back exactly."""

import unicodedata
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crisisapp.errors import DomainError
from crisisapp.services import organisation as org
from crisisapp.services import piket, piket_files
from crisisapp.services.csvfiles import Encoding, ImportRefusedError, detected
from crisisapp.services.piket_files import ImportMode
from crisisapp.timeutil import to_utc
from tests.piket_fixtures import make_rota

H = "begin;einde;naam;gemeente\n"
WEEKS = [to_utc(datetime(2027, 5, 3, 9, 0)) + timedelta(weeks=n) for n in range(7)]  # Mondays 09:00, summer


def week_rows(weeks, name, municipality):
    return "".join(
        f"{piket_files.format_moment(WEEKS[n])};{piket_files.format_moment(WEEKS[n + 1])};{name};{municipality}\n"
        for n in weeks
    )


VLAARDINGEN = (H + week_rows((0, 2, 4), "Officier Vlaardingen 1", "Vlaardingen")).encode()
SCHIEDAM = (H + week_rows((1, 3, 5), "Officier Schiedam 2", "Schiedam")).encode()


@pytest.fixture
def rota(context):
    return make_rota(context)


def table(context, made):
    names = {o.person_id: (o.name, o.municipality) for o in context.call(piket.officers_by_id).values()}
    return [(s.start, s.end, names[s.person_id]) for s in context.call(piket.shifts, made.id)]


@pytest.mark.parametrize("order", [(VLAARDINGEN, SCHIEDAM), (SCHIEDAM, VLAARDINGEN)], ids=["V-S", "S-V"])
def test_partners_sending_alternate_weeks_do_not_wipe_each_other(context, rota, order):
    made, _ = rota
    first, second = order
    context.execute(piket_files.ImportSchedule(made.id, first))
    plan = context.call(piket_files.plan_import, made.id, second)
    assert plan.conflicts == () and plan.replaced == 0 and len(plan.changes) == 3
    assert all(c.before is None for c in plan.changes)  # new weeks, nobody's taken away
    context.execute(piket_files.ImportSchedule(made.id, second))
    shifts = table(context, made)
    assert [s[0] for s in shifts] == WEEKS[:6]
    assert [s[2][1] for s in shifts] == ["Vlaardingen", "Schiedam"] * 3


def test_the_same_file_twice_changes_nothing(context, rota):
    made, _ = rota
    context.execute(piket_files.ImportSchedule(made.id, VLAARDINGEN))
    before = context.call(piket.shifts, made.id)
    plan = context.execute(piket_files.ImportSchedule(made.id, VLAARDINGEN)).result
    assert plan.changes == () and plan.replaced == 0 and plan.new_people == ()
    assert "Het rooster verandert niet: het heeft deze diensten al." in plan.describe()
    assert context.call(piket.shifts, made.id) == before  # the same rows, the same numbers


def test_a_partner_replaces_its_own_weeks_only_and_names_what_changes(context, rota):
    made, _ = rota
    context.execute(piket_files.ImportSchedule(made.id, VLAARDINGEN))
    context.execute(piket_files.ImportSchedule(made.id, SCHIEDAM))
    update = (H + week_rows((0, 4), "Officier Vlaardingen 4", "Vlaardingen")).encode()
    plan = context.call(piket_files.plan_import, made.id, update)
    text = "\n".join(plan.describe())
    assert "alleen de diensten van Vlaardingen" in text
    assert "week 18, ma 03-05-2027 09:00 – ma 10-05-2027 09:00: Officier Vlaardingen 4 (Vlaardingen), was " in text
    assert "Officier Vlaardingen 1 (Vlaardingen) vervalt" in text  # its week 20 is no longer in the file
    context.execute(piket_files.ImportSchedule(made.id, update))
    assert [s[2] for s in table(context, made)] == [
        ("Officier Vlaardingen 4", "Vlaardingen"),
        ("Officier Schiedam 2", "Schiedam"),
        ("Officier Schiedam 2", "Schiedam"),
        ("Officier Vlaardingen 4", "Vlaardingen"),
        ("Officier Schiedam 2", "Schiedam"),
    ]


def test_an_overlap_with_another_municipality_is_a_conflict_never_a_silent_delete(context, rota):
    made, _ = rota
    context.execute(piket_files.ImportSchedule(made.id, VLAARDINGEN))
    clash = (H + week_rows((2,), "Officier Schiedam 2", "Schiedam")).encode()
    plan = context.call(piket_files.plan_import, made.id, clash)
    assert [(c.line, c.officer) for c in plan.conflicts] == [(2, "Officier Vlaardingen 1 (Vlaardingen)")]
    assert any(line.startswith("Conflict, regel 2: overlapt met de dienst van") for line in plan.describe())
    before = table(context, made)
    with pytest.raises(ImportRefusedError, match="Regel 2: Deze dienst overlapt met die van Officier Vlaardingen 1"):
        context.execute(piket_files.ImportSchedule(made.id, clash))
    assert table(context, made) == before
    context.execute(piket_files.ImportSchedule(made.id, clash, ImportMode.REPLACE_PERIOD))  # the old way, chosen
    assert [s[2][0] for s in table(context, made)] == ["Officier Vlaardingen 1", "Officier Schiedam 2"] * 1 + [
        "Officier Vlaardingen 1"
    ]


def test_officers_are_matched_as_people_are(context, rota):
    made, _ = rota
    composed = unicodedata.normalize("NFC", "Noël Bakker")
    context.execute(org.AddPerson(org.PersonInput(composed, "Maassluis")))
    decomposed = unicodedata.normalize("NFD", "Noël Bakker")
    assert decomposed != composed
    data = H + week_rows((0,), "Jan de Wit", "Vlaardingen") + week_rows((1,), "JAN  DE WIT", "Vlaardingen")
    data += week_rows((2,), decomposed, "Maassluis")
    plan = context.call(piket_files.plan_import, made.id, data.encode())
    assert plan.new_people == (("Jan de Wit", "Vlaardingen"),) and plan.namesakes == ()
    context.execute(piket_files.ImportSchedule(made.id, data.encode()))
    names = [p.name for p in context.call(org.list_people)]
    assert names.count("Jan de Wit") == 1 and names.count(composed) == 1

    elsewhere = (H + week_rows((4,), "jan de wit", "Schiedam")).encode()
    plan = context.call(piket_files.plan_import, made.id, elsewhere)
    assert [(n.name, n.where) for n in plan.namesakes] == [
        ("jan de wit", ("Vlaardingen (al in CrisisApp)", "Schiedam (regel 2)"))
    ]
    with pytest.raises(ImportRefusedError, match="Bevestig dat dit verschillende officieren zijn"):
        context.execute(piket_files.ImportSchedule(made.id, elsewhere))
    assert [p.name for p in context.call(org.list_people)] == names
    context.execute(piket_files.ImportSchedule(made.id, elsewhere, distinct_namesakes=True))
    assert [p.municipality for p in context.call(org.list_people) if org.name_key(p.name) == "jan de wit"] == [
        "Vlaardingen",
        "Schiedam",
    ]


def test_a_shift_of_another_function_is_refused_with_line_and_column(context, rota):
    made, _ = rota
    rows = week_rows((0,), "Officier Maassluis 0", "Maassluis").rstrip("\n")
    ok = f"begin;einde;naam;gemeente;functie\n{rows};OvD-Bz\n{week_rows((1,), 'A', 'Schiedam').rstrip()};\n"
    assert len(context.call(piket_files.plan_import, made.id, ok.encode()).shifts) == 2
    other = ok + week_rows((2,), "B", "Schiedam").rstrip("\n") + ";Algemeen Commandant Bevolkingszorg\n"
    with pytest.raises(ImportRefusedError) as refused:
        context.call(piket_files.plan_import, made.id, other.encode())
    assert (refused.value.line, refused.value.column) == (4, "functie")
    assert "voor de functie ‘Algemeen Commandant Bevolkingszorg’" in str(refused.value)


def test_a_wrong_offset_leaves_a_gap_that_the_preview_shows(context, rota):
    made, _ = rota
    late = "2027-05-10T09:00+01:00;2027-05-17 09:00;A;Maassluis\n"  # 10:00 in summer time
    data = H + week_rows((0,), "Officier Maassluis 0", "Maassluis") + late
    plan = context.call(piket_files.plan_import, made.id, data.encode())
    assert plan.gaps == ((WEEKS[1], WEEKS[1] + timedelta(hours=1)),)
    assert "Gat: niemand heeft piket van ma 10-05-2027 09:00 tot ma 10-05-2027 10:00." in plan.describe()


# -- encodings -----------------------------------------------------------------------------------------------------

NAMES = "begin;einde;naam;gemeente\n2027-05-03 09:00;2027-05-10 09:00;José Müller-Öztürk;Schiedam\n"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (NAMES.encode("utf-8"), "UTF-8"),
        ("\ufeff".encode() + NAMES.encode("utf-8"), "UTF-8"),
        (("\ufeff" + NAMES.replace(";", "\t")).encode("utf-16-le"), "UTF-16"),  # Excel's "Unicode-tekst"
        (("\ufeff" + NAMES).encode("utf-16-be"), "UTF-16"),
        (NAMES.encode("cp1252"), "Windows-1252"),
        (NAMES.replace("\n", "\r").encode("mac_roman"), "Mac Roman"),  # Excel's "CSV (Macintosh)"
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-le-tabs", "utf-16-be", "windows-1252", "mac-roman"],
)
def test_each_encoding_partners_send_is_recognised(context, rota, data, encoding):
    made, _ = rota
    assert detected(data)[1] == encoding
    plan = context.call(piket_files.plan_import, made.id, data)
    assert plan.new_people == (("José Müller-Öztürk", "Schiedam"),) and plan.encoding == encoding


def test_a_file_mixing_encodings_is_refused_at_the_line_where_it_changes(context, rota):
    made, _ = rota
    data = NAMES.encode("utf-8") + "2027-05-10 09:00;2027-05-17 09:00;Anaïs Bos;Schiedam\n".encode("cp1252")
    with pytest.raises(ImportRefusedError) as refused:
        context.call(piket_files.plan_import, made.id, data)
    assert refused.value.line == 3 and "regel 2 in UTF-8" in str(refused.value)


# -- export → import ---------------------------------------------------------------------------------------------

AWKWARD = (
    'Jan "de Hamer" Wit',
    "De Vries; Piet",
    '=HYPERLINK("http://x")',
    "+31 Kees",
    "-Anna",
    "@Bas",
    "'t Hart",
    "'=Quote",
    "Zoë Çelik",
    unicodedata.normalize("NFD", "Noël Dupré"),
)


def test_awkward_names_round_trip_and_formulas_are_neutralised(context, rota):
    made, _ = rota
    people = [context.execute(org.AddPerson(org.PersonInput(n, "Schiedam"))).result for n in AWKWARD]
    day = timedelta(days=1)
    planned = tuple((WEEKS[0] + n * day, WEEKS[0] + (n + 1) * day, p.id) for n, p in enumerate(people))
    context.execute(piket.SaveShifts(made.id, planned))
    data = context.call(piket_files.export_csv, made.id, planned[0][0], planned[-1][1])
    text = data.decode("utf-8-sig")
    assert ';"\'=HYPERLINK(""http://x"")";' in text  # quoted as a spreadsheet expects, and no formula
    assert ';"Jan ""de Hamer"" Wit";' in text and ';"De Vries; Piet";' in text
    for formula in ("+31 Kees", "-Anna", "@Bas", "'=Quote"):
        assert f";'{formula};" in text
    plan = context.call(piket_files.plan_import, made.id, data)
    assert plan.new_people == () and plan.changes == ()
    assert [s.name for s in plan.shifts] == [org.clean_name(n) for n in AWKWARD]


def test_windows_1252_export_refuses_what_it_cannot_hold(context, rota):
    made, _ = rota
    person = context.execute(org.AddPerson(org.PersonInput("Łukasz Wiśniewski", "Vlaardingen"))).result
    context.execute(piket.SaveShifts(made.id, ((WEEKS[0], WEEKS[1], person.id),)))
    with pytest.raises(DomainError, match=r"Regel 2, kolom ‘naam’: .*‘Ł’, dat Windows-1252 niet kent"):
        context.call(piket_files.export_csv, made.id, WEEKS[0], WEEKS[1], Encoding.WINDOWS_1252)


names = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp"), include_characters="\t;\"'=+-@"),
    min_size=1,
    max_size=30,
).filter(lambda n: org.clean_name(n) and len(n) <= 200)
moments = st.builds(
    lambda hours, quarter: datetime(2027, 1, 1, tzinfo=UTC) + timedelta(hours=hours, minutes=15 * quarter),
    st.integers(0, 3 * 365 * 24),
    st.integers(0, 3),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    start=moments,
    shifts=st.lists(
        st.tuples(names, st.sampled_from(piket_files.PARTNERS), st.integers(1, 400)),
        min_size=1,
        max_size=6,
        unique_by=lambda s: org.name_key(s[0]),  # one person per name: a namesake is asked about (test above)
    ),
)
def test_random_names_and_schedules_survive_export_and_import(context, rota, start, shifts):
    made, _ = rota
    done = []
    planned = []
    cursor = start
    for name, municipality, hours in shifts:
        person = context.execute(org.AddPerson(org.PersonInput(name, municipality)))
        done.append(person)
        planned.append((cursor, cursor + timedelta(hours=hours), person.result.id))
        cursor += timedelta(hours=hours)
    done.append(context.execute(piket.SaveShifts(made.id, tuple(planned))))
    try:
        data = context.call(piket_files.export_csv, made.id, start, cursor)
        plan = context.call(piket_files.plan_import, made.id, data)
        assert plan.new_people == () and plan.changes == () and plan.namesakes == ()
        by_id = {p.id: p for p in context.call(org.list_people)}
        assert [(s.start, s.end, s.name, s.municipality) for s in plan.shifts] == [
            (b, e, by_id[p].name, by_id[p].municipality) for b, e, p in planned
        ]
        assert all(s.name == org.clean_name(n) for s, (n, _m, _h) in zip(plan.shifts, shifts, strict=True))
    finally:
        for step in reversed(done):
            context.execute(step.inverse)


def test_the_people_list_exports_and_reads_back_unchanged(context):
    for n, name in enumerate(AWKWARD):
        data = org.PersonInput(name, "Maassluis", "=SUM(A1)", f"06-1234567{n}", remarks='regel 1\nregel "2"; klaar')
        context.execute(org.AddPerson(data))
    exported = context.call(org.export_people)
    assert exported.startswith("\ufeffnaam;gemeente;afdeling".encode())
    plan = context.call(org.plan_people_import, exported)
    assert plan.adds == () and plan.updates == () and plan.unchanged == len(AWKWARD)
    assert b";'=SUM(A1);" in exported


def test_a_name_two_people_of_one_municipality_share_is_refused_not_guessed(context, rota):
    made, _ = rota
    for _twin in range(2):
        context.execute(org.AddPerson(org.PersonInput("Piet Jansen", "Schiedam")))
    with pytest.raises(ImportRefusedError) as refused:
        context.call(piket_files.plan_import, made.id, (H + week_rows((0,), "PIET JANSEN", "Schiedam")).encode())
    assert (refused.value.line, refused.value.column) == (2, "naam") and "twee personen" in str(refused.value)


def test_rows_that_overlap_are_shown_in_the_preview_and_refused_on_import(context, rota):
    made, _ = rota
    data = (
        H + "2027-05-03 09:00;2027-05-10 09:00;A;Maassluis\n2027-05-09 09:00;2027-05-17 09:00;B;Schiedam\n"
    ).encode()
    plan = context.call(piket_files.plan_import, made.id, data)
    shown = (
        "Overlap, regel 3: overlapt met regel 2 van zo 09-05-2027 09:00 tot ma 10-05-2027 09:00; verbeter het bestand."
    )
    assert shown in plan.describe()
    with pytest.raises(ImportRefusedError, match="Regel 3: Deze dienst overlapt met die op regel 2"):
        context.execute(piket_files.ImportSchedule(made.id, data))


# Names partners' files hold, each in Windows-1252 and in Mac Roman. Left out, because each byte reads as a
# likely character in both and a file of one name cannot tell: a lone "Martín" (Mac's í is Windows' ’).
DUTCH_NAMES = (
    "’t Hart", "O’Brien", "’s-Gravenzande", "Anaïs", "Zoë", "José", "Müller", "Çelik", "Françoise", "Jürgen Groß",
    "Søren", "Noël", "Hélène", "Émile Öztürk", "Ångström", "Ñúñez", "Noël van ’t Hof", "Anaïs d’Arc",
)  # fmt: skip


@pytest.mark.parametrize("codec", ["cp1252", "mac_roman"])
@pytest.mark.parametrize("name", DUTCH_NAMES)
def test_windows_and_mac_files_are_told_apart_by_their_names(name, codec):
    text = f"naam;gemeente\n{name};Schiedam\n"
    assert detected(text.encode(codec)) == (text, {"cp1252": "Windows-1252", "mac_roman": "Mac Roman"}[codec])
