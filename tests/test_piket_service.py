"""Piket: expansion across daylight saving time, on-duty answers, fair proposals, overrides, warnings, files."""

import itertools
from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from crisisapp.errors import DomainError
from crisisapp.models.organisation import Role
from crisisapp.services import organisation as org
from crisisapp.services import piket, piket_files
from crisisapp.services.csvfiles import ImportRefusedError
from crisisapp.services.piket import Officer, OverrideRecord, RotaRecord, ShiftRecord
from crisisapp.timeutil import AMSTERDAM, to_local, to_utc
from tests.commands_support import unversioned
from tests.fuzzing import check_all_or_nothing, import_inputs
from tests.piket_fixtures import make_rota

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
WEEKLY = RotaRecord(1, "OvD-Bz", 1, 0, time(9, 0), 7, {"Maassluis": 2, "Vlaardingen": 3, "Schiedam": 3}, 1)


def local(text: str) -> datetime:
    return to_utc(datetime.fromisoformat(text))


def test_handovers_stay_at_nine_local_across_both_dst_changes():
    turns = piket.slots(WEEKLY, date(2027, 3, 1), date(2027, 11, 30))
    assert all(to_local(t.start).hour == 9 and to_local(t.start).weekday() == 0 for t in turns)
    hours = {to_local(t.start).date(): t.hours for t in turns}
    assert hours[date(2027, 3, 22)] == 167  # holds Sunday 28 March 2027
    assert hours[date(2027, 10, 25)] == 169  # holds Sunday 31 October 2027
    assert {h for d, h in hours.items() if d not in (date(2027, 3, 22), date(2027, 10, 25))} == {168}


def test_on_duty_one_minute_before_and_at_each_handover():
    turns = piket.slots(WEEKLY, date(2027, 3, 15), date(2027, 4, 5))
    shifts = [ShiftRecord(n, 100 + n, t.start, t.end) for n, t in enumerate(turns)]
    plan = piket.effective(shifts, [])
    for n, turn in enumerate(turns[1:], start=1):
        assert plan.on_duty(turn.start - timedelta(minutes=1)).person_id == 100 + n - 1
        assert plan.on_duty(turn.start).person_id == 100 + n
    handover = local("2027-03-29T09:00")
    assert plan.on_duty(handover - timedelta(minutes=1)).end == handover
    assert plan.next_after(local("2027-03-30T12:00")).start == local("2027-04-05T09:00")
    assert plan.on_duty(turns[-1].end) is None


def test_an_override_lays_on_top_and_can_be_cancelled():
    turns = piket.slots(WEEKLY, date(2027, 1, 4), date(2027, 1, 11))
    shifts = [ShiftRecord(1, 10, turns[0].start, turns[0].end), ShiftRecord(2, 20, turns[1].start, turns[1].end)]
    cover = OverrideRecord(7, 30, local("2027-01-06T18:00"), local("2027-01-07T08:00"), "verjaardag", False)
    plan = piket.effective(shifts, [cover])
    assert [(s.person_id, to_local(s.start).strftime("%d %H")) for s in plan.segments] == [
        (10, "04 09"),
        (30, "06 18"),
        (10, "07 08"),
        (20, "11 09"),
    ]
    assert plan.on_duty(local("2027-01-06T23:00")).override_id == 7
    cancelled = piket.effective(shifts, [OverrideRecord(7, 30, cover.start, cover.end, "", True)])
    assert [s.person_id for s in cancelled.segments] == [10, 20]


moments = st.integers(0, 24 * 7 * 6).map(lambda h: local("2027-03-01T00:00") + timedelta(hours=h))


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.tuples(moments, st.integers(1, 200), st.integers(1, 5)), max_size=8),
    st.integers(2, 8),
)
def test_effective_schedule_is_a_partition_with_the_layer_on_top(raw_overrides, weeks):
    turns = piket.slots(WEEKLY, date(2027, 3, 1), date(2027, 3, 1) + timedelta(weeks=weeks - 1))
    shifts = [ShiftRecord(n, n % 3 + 1, t.start, t.end) for n, t in enumerate(turns)]
    overrides = [
        OverrideRecord(i, 10 + p, s, s + timedelta(hours=h), "", False) for i, (s, h, p) in enumerate(raw_overrides)
    ]
    plan = piket.effective(shifts, overrides)
    segments = plan.segments
    for before, after in itertools.pairwise(segments):
        assert before.end <= after.start  # never an overlap
    covered_start = min([turns[0].start, *(o.start for o in overrides)])
    covered_end = max([turns[-1].end, *(o.end for o in overrides)])
    probe = covered_start
    while probe < covered_end:
        expected = None
        for o in overrides:  # the newest override covering the moment wins
            if o.start <= probe < o.end:
                expected = o.person_id
        if expected is None:
            expected = next((s.person_id for s in shifts if s.start <= probe < s.end), None)
        found = plan.on_duty(probe)
        assert (found.person_id if found else None) == expected
        probe += timedelta(hours=7)


def _pool():
    people = {}
    for n in range(9):
        municipality = ("Maassluis", "Vlaardingen", "Schiedam")[n % 3]
        people[n + 1] = Officer(n + 1, f"Officier {n + 1}", municipality, "")
    return people


def test_a_year_divides_by_the_shares_within_one_shift():
    turns = piket.slots(WEEKLY, date(2027, 1, 4), date(2027, 12, 27))
    proposal = piket.propose(turns, _pool(), WEEKLY.shares, {}, {})
    hours = {"Maassluis": 0.0, "Vlaardingen": 0.0, "Schiedam": 0.0}
    pool = _pool()
    for turn, person in proposal:
        hours[pool[person].municipality] += turn.hours
    total = sum(hours.values())
    for municipality, weight in WEEKLY.shares.items():
        assert abs(hours[municipality] - total * weight / 8) <= 169
    per_person = {}
    for _turn, person in proposal:
        per_person[person] = per_person.get(person, 0) + 1
    for municipality in hours:
        counts = [per_person.get(o.person_id, 0) for o in pool.values() if o.municipality == municipality]
        assert max(counts) - min(counts) <= 1  # evenly among each municipality's officers
    assert all(a[1] != b[1] for a, b in itertools.pairwise(proposal))  # never back to back


def test_leave_is_respected_and_heavy_weeks_go_round_over_the_years():
    pool = _pool()
    turns = piket.slots(WEEKLY, date(2027, 12, 20), date(2028, 1, 3))
    christmas = [t for t in turns if t.heavy]
    assert christmas and "Eerste Kerstdag" in christmas[0].heavy
    leave = {p: [(turns[0].start, turns[-1].end)] for p in (1, 2, 3, 4)}
    proposal = piket.propose(turns, pool, WEEKLY.shares, leave, {5: 3, 6: 0, 7: 0, 8: 2, 9: 1})
    assert not {person for _, person in proposal} & {1, 2, 3, 4}
    heavy_takers = {person for turn, person in proposal if turn.heavy}
    assert 5 not in heavy_takers  # had three heavy weeks before
    nobody = piket.propose(turns, {1: pool[1]}, WEEKLY.shares, {1: [(turns[0].start, turns[-1].end)]}, {})
    assert all(person is None for _, person in nobody)


@pytest.fixture
def rota(context):
    return make_rota(context)


def save(context, made, first, last):
    proposal = context.call(piket.make_proposal, made.id, first, last)
    context.execute(piket.SaveShifts(made.id, tuple((t.start, t.end, p) for t, p in proposal)))
    return proposal


def test_warnings_for_gaps_leave_overlap_and_readiness(context, rota):
    made, _officers = rota
    save(context, made, date(2027, 1, 4), date(2027, 1, 25))
    plan = context.call(piket.schedule, made.id)
    first = plan.segments[0]
    context.execute(
        piket.AddUnavailability(first.person_id, first.start + timedelta(days=1), first.start + timedelta(days=3))
    )
    window = (first.start - timedelta(days=7), plan.segments[-1].end)
    found = context.call(piket.warnings, made.id, *window)
    kinds = [w.kind for w in found]
    assert kinds.count("gat") == 1 and "verlof" in kinds and "overlap" not in kinds
    assert "niet vakbekwaam" not in kinds
    later = context.call(piket.warnings, made.id, local("2027-10-04T09:00"), local("2027-10-11T09:00"))
    assert {w.kind for w in later} == {"gat"}
    expired = context.call(piket.warnings, made.id, plan.segments[0].start, plan.segments[-1].end)
    assert "niet vakbekwaam" not in {w.kind for w in expired}
    context.execute(
        piket.SaveShifts(made.id, ((local("2027-11-01T09:00"), local("2027-11-08T09:00"), first.person_id),))
    )
    lapsed = context.call(piket.warnings, made.id, local("2027-11-01T09:00"), local("2027-11-08T09:00"))
    assert [w.kind for w in lapsed] == ["niet vakbekwaam"]  # attended October 2026, valid a year


def test_division_counts_overrides(context, rota):
    made, officers = rota
    proposal = save(context, made, date(2027, 1, 4), date(2027, 3, 29))
    start, end = proposal[0][0].start, proposal[-1][0].end
    before = context.call(piket.divide, made.id, start, end)
    helper = next(o.id for o in officers if o.id != proposal[0][1])  # not the one on duty then
    context.execute(piket.AddOverride(made.id, helper, start, start + timedelta(hours=24), "ruil"))
    after = context.call(piket.divide, made.id, start, end)
    assert after.hours_by_person[helper] == before.hours_by_person.get(helper, 0) + 24
    assert sum(after.hours_by_municipality.values()) == sum(before.hours_by_municipality.values())
    assert set(after.target_by_municipality) == {"Maassluis", "Vlaardingen", "Schiedam"}


def test_swap_and_proposal_refusals(context, rota):
    made, _ = rota
    save(context, made, date(2027, 1, 4), date(2027, 1, 11))
    a, b = context.call(piket.shifts, made.id)
    with pytest.raises(DomainError, match="al begonnen"):  # the first is under way: taken over, not swapped
        context.execute(piket.SwapShifts(a.id, b.id, a.start + timedelta(hours=1)))
    context.execute(piket.SwapShifts(a.id, b.id, a.start - timedelta(minutes=1)))
    swapped = context.call(piket.shifts, made.id)
    assert (swapped[0].person_id, swapped[1].person_id) == (b.person_id, a.person_id)
    with pytest.raises(DomainError, match="dezelfde officier"):
        context.execute(piket.SwapShifts(a.id, a.id, a.start - timedelta(minutes=1)))
    with pytest.raises(DomainError, match="al ingeroosterd"):  # those days hold shifts already
        context.call(piket.make_proposal, made.id, date(2027, 1, 5), date(2027, 1, 6))


def test_a_proposal_from_a_wednesday_covers_that_day_until_the_first_handover(context, rota):
    made, _ = rota
    proposal = context.call(piket.make_proposal, made.id, date(2026, 12, 2), date(2026, 12, 28))
    starts = [(to_local(t.start), to_local(t.end)) for t, _ in proposal]
    assert starts[0] == (local("2026-12-02T09:00"), local("2026-12-07T09:00"))  # a shorter first turn
    assert starts[1][0] == local("2026-12-07T09:00")
    assert all(before.end == after.start for (before, _), (after, _) in itertools.pairwise(proposal))


def test_a_proposal_starts_where_the_existing_shifts_end(context, rota):
    made, officers = rota
    thursday = local("2026-12-03T18:00")
    context.execute(piket.SaveShifts(made.id, ((local("2026-11-30T09:00"), thursday, officers[0].id),)))
    proposal = context.call(piket.make_proposal, made.id, date(2026, 12, 2), date(2026, 12, 14))
    assert (proposal[0][0].start, proposal[0][0].end) == (thursday, local("2026-12-07T09:00"))
    assert proposal[0][1] != officers[0].id  # not back to back with the shift before
    context.execute(piket.SaveShifts(made.id, tuple((t.start, t.end, p) for t, p in proposal)))
    kept = context.call(piket.shifts, made.id)[0]
    assert (kept.start, kept.end) == (local("2026-11-30T09:00"), thursday)
    window = (local("2026-11-30T09:00"), proposal[-1][0].end)
    assert not [w for w in context.call(piket.warnings, made.id, *window) if w.kind in ("gat", "overlap")]


def test_a_cancelled_override_stays_as_history_and_is_cancelled_once(context, rota):
    made, officers = rota
    start, end = local("2027-01-06T18:00"), local("2027-01-07T08:00")
    override = context.execute(piket.AddOverride(made.id, officers[1].id, start, end, " ziek ")).result
    context.execute(piket.CancelOverride(override))
    assert context.call(piket.overrides, made.id) == ()
    kept = context.call(piket.overrides, made.id, include_cancelled=True)
    assert [(o.id, o.reason, o.cancelled) for o in kept] == [(override, "ziek", True)]
    with pytest.raises(DomainError, match="al ingetrokken"):
        context.execute(piket.CancelOverride(override))


CSV = (
    "begin;einde;naam;gemeente;functie\n"
    "2027-03-22 09:00;2027-03-29 09:00;Nieuwe Officier;Vlaardingen;OvD-Bz\n"
    "2027-03-29 09:00;2027-04-05T09:00+02:00;Officier Maassluis 0;Maassluis;OvD-Bz\n"
)


def test_import_adds_unknown_officers_and_round_trips(context, rota):
    made, _ = rota
    plan = context.call(piket_files.plan_import, made.id, CSV.encode("cp1252"))
    assert plan.new_people == (("Nieuwe Officier", "Vlaardingen"),)
    context.execute(piket_files.ImportSchedule(made.id, CSV.encode("utf-8")))
    shifts = context.call(piket.shifts, made.id)
    assert [(s.end - s.start) / timedelta(hours=1) for s in shifts] == [167, 168]
    exported = context.call(piket_files.export_csv, made.id, shifts[0].start, shifts[-1].end)
    text = exported.decode("utf-8-sig")
    assert "2027-03-22 09:00;2027-03-29 09:00;Nieuwe Officier;Vlaardingen" in text
    context.execute(piket_files.ImportSchedule(made.id, exported))
    assert [(s.person_id, s.start, s.end) for s in context.call(piket.shifts, made.id)] == [
        (s.person_id, s.start, s.end) for s in shifts
    ]


def test_an_import_is_one_edit_that_undo_takes_back_whole(context, rota):
    made, _ = rota
    save(context, made, date(2027, 3, 15), date(2027, 4, 12))

    def state():
        people, assignments = context.call(org.list_people), context.call(org.list_assignments)
        return unversioned(context.call(piket.shifts, made.id)), unversioned(people), unversioned(assignments)

    before = state()
    whole_period = piket_files.ImportMode.REPLACE_PERIOD  # the file replaces the other municipalities' weeks too
    done = context.execute(piket_files.ImportSchedule(made.id, CSV.encode("utf-8"), whole_period))
    assert done.result.replaced == 2 and done.result.new_people == (("Nieuwe Officier", "Vlaardingen"),)
    imported = state()
    context.execute(context.execute(done.inverse).inverse)  # undo, redo
    assert state() == imported
    context.execute(done.inverse)
    assert state() == before  # the shifts, the new officer and their assignment, with the same numbers


H = "begin;einde;naam;gemeente\n"


@pytest.mark.parametrize(
    ("csv", "message"),
    [
        (
            H + "2027-01-11 09:00;2027-01-04 09:00;A;Maassluis\n",
            "Regel 2, kolom ‘einde’: Het einde ligt niet na het begin",
        ),
        (
            H + "2027-01-04 09:00;2027-01-11 09:00;A;Maassluis\n2027-01-10 09:00;2027-01-17 09:00;B;Schiedam\n",
            "Regel 3: Deze dienst overlapt met die op regel 2",
        ),
        (H + "2027-01-04 09:00;2027-01-11 09:00;A;Rotterdam\n", "Onbekende gemeente ‘Rotterdam’"),
        (H + "2027-03-28 02:30;2027-04-04 09:00;A;Maassluis\n", "2027-03-28 02:30 bestaat niet"),
        (H + "2027-10-31 02:30;2027-11-01 09:00;A;Maassluis\n", "komt twee keer voor"),
        (H + "4 januari;2027-01-11 09:00;A;Maassluis\n", "‘4 januari’ heeft geen tijd"),
        ("begin;naam;gemeente\n2027-01-04 09:00;A;Maassluis\n", "De kolom einde ontbreekt"),
        ("", "Het bestand is leeg"),
        ("\x00\x01binair", "geen tekstbestand"),
    ],
    ids=[
        "end-before-start",
        "overlap",
        "municipality",
        "skipped-hour",
        "ambiguous-hour",
        "bad-date",
        "missing-column",
        "empty",
        "binary",
    ],
)
def test_bad_schedule_files_are_refused_whole(context, rota, csv, message):
    made, _ = rota
    save(context, made, date(2027, 1, 4), date(2027, 1, 11))
    before = context.call(piket.shifts, made.id)
    people = context.call(org.list_people)
    with pytest.raises(ImportRefusedError) as refused:
        context.execute(piket_files.ImportSchedule(made.id, csv.encode("utf-8")))
    assert message in str(refused.value)
    assert context.call(piket.shifts, made.id) == before and context.call(org.list_people) == people


def test_schedule_import_fuzzed(context, rota):
    made, _ = rota

    def state():
        return context.call(piket.shifts, made.id), context.call(org.list_people)

    @settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(import_inputs([CSV.encode("utf-8")]))
    def run(data):
        check_all_or_nothing(lambda d: context.execute(piket_files.ImportSchedule(made.id, d)), state, data)

    run()


def test_ics_keeps_nine_oclock_local_across_dst(context, rota):
    made, officers = rota
    save(context, made, date(2027, 3, 15), date(2027, 4, 5))
    plan = context.call(piket.schedule, made.id)
    start, end = plan.segments[0].start, plan.segments[-1].end
    data = context.call(piket_files.export_ics, made.id, start, end)
    calendar = Calendar.from_ical(data)
    assert not calendar.walk("VTIMEZONE") and b"DTSTART:20270315T080000Z\r\n" in data  # UTC: read alike by all
    events = sorted(calendar.walk("VEVENT"), key=lambda e: e.decoded("dtstart"))
    assert len(events) == len(plan.segments)
    for event, segment in zip(events, plan.segments, strict=True):
        begin, finish = event.decoded("dtstart"), event.decoded("dtend")
        assert begin == segment.start and finish == segment.end
        assert begin.astimezone(AMSTERDAM).hour == 9 and finish.astimezone(AMSTERDAM).hour == 9
    across = [e for e in events if e.decoded("dtstart").astimezone(AMSTERDAM).date() == date(2027, 3, 22)]
    # (in UTC: Python subtracts two times of one zone as wall-clock times)
    length = across[0].decoded("dtend").astimezone(UTC) - across[0].decoded("dtstart").astimezone(UTC)
    assert length == timedelta(hours=167)
    one = officers[0].id
    mine = Calendar.from_ical(context.call(piket_files.export_ics, made.id, start, end, one)).walk("VEVENT")
    assert mine and {str(e["summary"]) for e in mine} == {f"Piket {made.name}: {officers[0].name} (Maassluis)"}


@settings(max_examples=120, deadline=None)
@given(
    weekday=st.integers(0, 6),
    hour=st.integers(0, 23),
    days=st.integers(1, 14),
    first=st.dates(date(2026, 1, 1), date(2030, 12, 31)),
    length=st.integers(1, 120),
    leave=st.lists(st.tuples(st.integers(1, 6), st.integers(0, 120 * 24), st.integers(1, 24 * 21)), max_size=10),
)
def test_random_rotas_and_leave_give_contiguous_turns_and_free_officers(weekday, hour, days, first, length, leave):
    rota = RotaRecord(1, "r", 1, weekday, time(hour, 0), days, {"Maassluis": 1, "Vlaardingen": 2, "Schiedam": 1}, 1)
    turns = piket.slots(rota, first, first + timedelta(days=length))
    for before, after in itertools.pairwise(turns):
        assert before.end == after.start  # no gap, no overlap between turns
    for turn in turns:
        local_start = to_local(turn.start)
        assert local_start.weekday() == weekday or days % 7
        assert local_start.hour == hour or hour == 2  # 02:00 does not exist on the last Sunday of March
    pool = {n: Officer(n, f"O{n}", ("Maassluis", "Vlaardingen", "Schiedam")[n % 3], "") for n in range(1, 7)}
    base = to_utc(datetime.combine(first, time(0, 0)))
    absent = {}
    for person, offset, hours in leave:
        absent.setdefault(person, []).append((base + timedelta(hours=offset), base + timedelta(hours=offset + hours)))
    for turn, person in piket.propose(turns, pool, rota.shares, absent, {}):
        busy = {p for p, periods in absent.items() if any(s < turn.end and turn.start < e for s, e in periods)}
        if person is None:
            assert busy == set(pool)  # a gap only when the inputs force it
        else:
            assert person not in busy


def test_on_duty_finds_a_longer_earlier_shift_when_shifts_overlap():
    long = ShiftRecord(1, 10, local("2027-01-04T09:00"), local("2027-01-11T09:00"))
    short = ShiftRecord(2, 20, local("2027-01-05T09:00"), local("2027-01-06T09:00"))
    plan = piket.effective([long, short], [])
    assert plan.on_duty(local("2027-01-08T12:00")).person_id == 10
    assert plan.on_duty(local("2027-01-05T12:00")).person_id == 20


def test_a_straddling_shift_is_shortened_and_undo_puts_back_the_same_shifts(context, rota):
    made, officers = rota
    wednesday = (
        (local("2027-01-06T09:00"), local("2027-01-13T09:00"), officers[0].id),
        (local("2027-01-13T09:00"), local("2027-01-20T09:00"), officers[1].id),
    )
    context.execute(piket.SaveShifts(made.id, wednesday))
    before = unversioned(context.call(piket.shifts, made.id))
    start, end = local("2027-01-18T09:00"), local("2027-01-25T09:00")
    done = context.execute(piket.SaveShifts(made.id, ((start, end, officers[2].id),)))
    plan = context.call(piket.schedule, made.id)
    assert plan.on_duty(local("2027-01-17T12:00")).person_id == officers[1].id  # no gap before the new week
    assert [(s.start, s.end) for s in context.call(piket.shifts, made.id)][-2:] == [
        (local("2027-01-13T09:00"), start),
        (start, end),
    ]
    context.execute(done.inverse)
    assert unversioned(context.call(piket.shifts, made.id)) == before  # the same shifts, with the same numbers


def test_an_officer_only_gets_turns_while_holding_the_function(context, rota):
    made, officers = rota
    ovd = made.function_id
    leaving = officers[0]
    held = context.call(org.list_assignments, person_id=leaving.id)[0]
    context.execute(org.EndAssignment(held.id, date(2027, 1, 31)))
    proposal = context.call(piket.make_proposal, made.id, date(2027, 1, 4), date(2027, 6, 28))
    after = [p for t, p in proposal if t.start >= local("2027-02-01T00:00")]
    assert leaving.id not in after
    newcomer = context.execute(org.AddPerson(org.PersonInput("Nieuwe Collega", "Maassluis"))).result
    context.execute(org.Assign(newcomer.id, ovd, Role.DEPUTY, date(2027, 3, 1)))
    proposal = context.call(piket.make_proposal, made.id, date(2027, 1, 4), date(2027, 6, 28))
    theirs = [t for t, p in proposal if p == newcomer.id]
    assert theirs and all(t.start >= local("2027-03-01T00:00") for t in theirs)


def test_readiness_that_lapses_during_a_shift_is_warned(context, rota):
    made, officers = rota
    # attended 1 October 2026, valid through 1 October 2027: a shift from 27 September lapses on the way
    context.execute(
        piket.SaveShifts(made.id, ((local("2027-09-27T09:00"), local("2027-10-04T09:00"), officers[1].id),))
    )
    found = context.call(piket.warnings, made.id, local("2027-09-27T09:00"), local("2027-10-04T09:00"))
    assert [w.kind for w in found] == ["niet vakbekwaam"]


def test_a_monday_holiday_makes_only_one_week_heavy():
    turns = piket.slots(WEEKLY, date(2026, 4, 20), date(2026, 4, 27))  # Koningsdag, Monday 27 April 2026
    assert [t.heavy for t in turns] == [None, "Koningsdag"]


@pytest.mark.parametrize("written", ["0001-01-01 00:30", "0001-01-01T00:00+02:00", "2027-01-04"])
def test_moments_outside_reason_are_refused(written):
    with pytest.raises(ImportRefusedError):
        piket_files.parse_moment(written, line=2, column="begin")


def test_dutch_dates_with_seconds_and_excel_separator_hint(context, rota):
    made, _ = rota
    data = "sep=;\nbegin;einde;naam;gemeente\n04-01-2027 09:00:00;11-01-2027 09:00:00;Officier Maassluis 0;Maassluis\n"
    plan = context.call(piket_files.plan_import, made.id, data.encode())
    assert plan.shifts[0].start == local("2027-01-04T09:00") and plan.shifts[0].line == 3


def alarm_calls(context, function_id, moment):
    return next(f for f in context.call(piket.alarm_list, moment).functions if f.function.id == function_id).calls


def test_the_alarm_list_puts_the_officer_on_duty_first_overrides_applied(context, rota):
    made, officers = rota
    save(context, made, date(2027, 1, 4), date(2027, 1, 18))
    week, following, third = context.call(piket.schedule, made.id).segments
    cover = next(o for o in officers if o.id not in (week.person_id, following.person_id))
    context.execute(
        piket.AddOverride(made.id, cover.id, local("2027-01-06T18:00"), local("2027-01-07T08:00"), "verjaardag")
    )
    ovd = context.call(piket.alarm_list, local("2027-01-06T23:00")).for_grip(1)
    assert [f.function.id for f in ovd] == [made.function_id]
    calls = ovd[0].calls
    # the override, then whoever has the week after it; then the pool as primary and deputies stand
    assert [(c.person.id, c.role) for c in calls[:2]] == [
        (cover.id, "piket nu (overname), tot do 07-01-2027 08:00"),
        (week.person_id, "piket hierna, vanaf do 07-01-2027 08:00"),
    ]
    pool = [o.id for o in officers if o.id not in (cover.id, week.person_id)]
    assert [(c.person.id, c.role) for c in calls[2:]] == [(p, "piketpool") for p in pool]
    assert all(c.reachable and not c.marks() for c in calls) and ovd[0].gap() is None

    chosen = context.call(piket.alarm_list, local("2027-01-06T23:00"), local("2027-01-04T12:00")).for_grip(1)
    assert chosen[0].calls[0].role == "piket op dat moment (overname), tot do 07-01-2027 08:00"  # not now
    before = alarm_calls(context, made.function_id, local("2027-01-06T17:59"))
    assert [c.person.id for c in before[:2]] == [week.person_id, cover.id]
    assert before[0].role == "piket nu, tot wo 06-01-2027 18:00"
    monday = alarm_calls(context, made.function_id, local("2027-01-11T09:00"))  # at the handover
    assert [c.person.id for c in monday[:2]] == [following.person_id, third.person_id]


def test_whoever_is_away_is_marked_and_moved_down_even_when_on_duty(context, rota):
    made, officers = rota
    save(context, made, date(2027, 1, 4), date(2027, 1, 18))
    week, following = context.call(piket.schedule, made.id).segments[:2]
    primary = officers[0]
    holiday = (local("2027-01-05T00:00"), local("2027-01-09T00:00"))
    for person in {primary.id, week.person_id}:
        context.execute(piket.AddUnavailability(person, *holiday, "vakantie"))
    calls = alarm_calls(context, made.function_id, local("2027-01-06T12:00"))
    assert calls[0].person.id == following.person_id and calls[0].role.startswith("piket hierna")
    away = [c for c in calls if not c.reachable]
    assert [c.person.id for c in away] == [c.person.id for c in calls[-len(away) :]]  # all at the bottom
    assert away[0].person.id == week.person_id and away[0].role.startswith("piket nu")  # in the order they had
    assert {c.person.id for c in away} == {primary.id, week.person_id}
    assert away[-1].marks() == ("vakantie tot za 09-01-2027 00:00",)
    assert alarm_calls(context, made.function_id, local("2027-01-09T00:00"))[0].person.id == week.person_id


def test_an_officer_on_duty_outside_the_pool_is_called_first_and_marked_when_not_ready(context, rota):
    made, _officers = rota
    save(context, made, date(2027, 1, 4), date(2027, 1, 11))
    stranger = context.execute(org.AddPerson(org.PersonInput("Invaller Schiedam", "Schiedam"))).result
    context.execute(piket.AddOverride(made.id, stranger.id, local("2027-01-06T18:00"), local("2027-01-07T08:00"), ""))
    first = alarm_calls(context, made.function_id, local("2027-01-06T20:00"))[0]
    assert first.person.id == stranger.id and first.reachable
    assert first.marks() == ("niet vakbekwaam",) and "nog geen training" in first.readiness.reason


def test_nobody_reachable_is_a_gap_in_words(context, rota):
    made, officers = rota
    for officer in officers:
        context.execute(piket.AddUnavailability(officer.id, local("2027-01-01T00:00"), local("2027-01-02T00:00")))
    ovd = next(
        f
        for f in context.call(piket.alarm_list, local("2027-01-01T12:00")).functions
        if f.function.id == made.function_id
    )
    assert ovd.gap() == "niemand bereikbaar (hiaat)" and len(ovd.calls) == len(officers)
    assert all(c.marks()[0].startswith("verlof tot") for c in ovd.calls)


def test_an_override_by_the_officer_already_on_duty_throughout_is_refused(context, rota):
    made, officers = rota
    save(context, made, date(2027, 1, 4), date(2027, 1, 11))
    week = context.call(piket.schedule, made.id).segments[0]
    name = next(o.name for o in officers if o.id == week.person_id)
    with pytest.raises(DomainError, match=f"{name} heeft van .* al dienst"):
        context.execute(piket.AddOverride(made.id, week.person_id, week.start, week.start + timedelta(hours=5), ""))
    with pytest.raises(DomainError, match="al dienst"):
        context.execute(piket.AddOverride(made.id, week.person_id, week.start, week.end, "hele week"))
    # reaching past their shift, or into a gap, changes something
    context.execute(
        piket.AddOverride(made.id, week.person_id, week.end - timedelta(hours=1), week.end + timedelta(hours=1), "")
    )
    context.execute(piket.AddOverride(made.id, week.person_id, week.start - timedelta(hours=2), week.start, ""))


TOWNS = ("Maassluis", "Vlaardingen", "Schiedam")


@settings(max_examples=150, deadline=None)
@given(
    towns=st.lists(st.integers(0, 2), min_size=2, max_size=4),
    weights=st.tuples(st.integers(1, 4), st.integers(1, 4), st.integers(1, 4)),
    year=st.integers(2026, 2030),
    leave=st.lists(st.tuples(st.integers(0, 3), st.integers(0, 50), st.integers(1, 3)), max_size=4),
)
def test_small_pools_get_no_needless_back_to_back_turns_and_heavy_weeks_go_round(towns, weights, year, leave):
    pool = {n: Officer(n, f"O{n}", TOWNS[town], "") for n, town in enumerate(towns, start=1)}
    shares = {TOWNS[town]: weights[town] for town in set(towns)}
    turns = piket.slots(WEEKLY, date(year, 1, 1), date(year, 12, 31))
    absent = {}
    for index, week, weeks in leave:
        if index < len(pool):
            start = turns[min(week, len(turns) - 1)].start
            absent.setdefault(index + 1, []).append((start, start + timedelta(weeks=weeks)))
    proposal = piket.propose(turns, pool, shares, absent, {})
    for (_, before), (turn, person) in itertools.pairwise(proposal):
        if person is not None and person == before:
            others = [p for p in pool if p != person]
            assert all(any(s < turn.end and turn.start < e for s, e in absent.get(p, ())) for p in others)
    if not absent and len(pool) > 2:  # two officers simply alternate: that decides their heavy weeks
        heavy = {p: sum(1 for turn, q in proposal if turn.heavy and q == p) for p in pool}
        assert max(heavy.values()) - min(heavy.values()) <= 1, heavy


def test_an_override_over_another_officers_overname_needs_to_be_meant(context, rota):
    made, officers = rota
    save(context, made, date(2027, 1, 4), date(2027, 1, 11))
    week = context.call(piket.schedule, made.id).segments[0]
    first, second = [o for o in officers if o.id != week.person_id][:2]
    night = week.start + timedelta(hours=10)
    context.execute(piket.AddOverride(made.id, first.id, night, night + timedelta(hours=8), "ziek"))
    later = night + timedelta(hours=4)
    with pytest.raises(DomainError, match=f"over de overname van {first.name}"):
        context.execute(piket.AddOverride(made.id, second.id, later, later + timedelta(hours=8), ""))
    assert len(context.call(piket.overrides, made.id)) == 1
    context.execute(piket.AddOverride(made.id, second.id, later, later + timedelta(hours=8), "", overrule=True))
    on_duty = context.call(piket.schedule, made.id).on_duty(later + timedelta(hours=1))
    assert on_duty is not None and on_duty.person_id == second.id
