"""Who is on piket when: the shifts of a rota with the overrides laid on top. Apart from the rest of the piket
service so that the first page can answer "who is on duty now" without importing every area (start-up)."""

import bisect
import itertools
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

HOUR = timedelta(hours=1)


@dataclass(frozen=True, slots=True)
class Officer:
    person_id: int
    name: str
    municipality: str
    mobile: str


@dataclass(frozen=True, slots=True)
class ShiftRecord:
    id: int
    person_id: int
    start: datetime
    end: datetime
    #: The row's version as the rota's list read it (``versions.shown``); None where a shift is only computed with.
    version: int | None = None


@dataclass(frozen=True, slots=True)
class OverrideRecord:
    id: int
    person_id: int
    start: datetime
    end: datetime
    reason: str
    cancelled: bool
    #: The row's version as the list read it (``versions.shown``); None where an override is only computed with.
    version: int | None = None


@dataclass(frozen=True, slots=True)
class Segment:
    """A stretch of the effective schedule: one person on duty, from a shift or an override."""

    start: datetime
    end: datetime
    person_id: int
    shift_id: int | None
    override_id: int | None = None

    @property
    def hours(self) -> float:
        return (self.end - self.start) / HOUR


@dataclass(frozen=True)
class Schedule:
    """The effective schedule: shifts with the overrides on top, answering "who is on duty" by bisection."""

    segments: tuple[Segment, ...]
    _starts: list[datetime] = field(init=False, repr=False)

    _latest_ends: list[datetime] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_starts", [segment.start for segment in self.segments])
        # The latest end among the segments up to each one: where scanning back for a longer earlier
        # segment (overlapping shifts) can stop.
        object.__setattr__(self, "_latest_ends", list(itertools.accumulate((s.end for s in self.segments), max)))

    def on_duty(self, moment: datetime) -> Segment | None:
        """Who is on duty at ``moment``: the latest-starting segment covering it."""
        index = bisect.bisect_right(self._starts, moment) - 1
        while index >= 0 and self._latest_ends[index] > moment:
            segment = self.segments[index]
            if segment.end > moment:
                return segment
            index -= 1
        return None

    def next_after(self, moment: datetime) -> Segment | None:
        """The first segment starting after ``moment`` (the next handover)."""
        index = bisect.bisect_right(self._starts, moment)
        return self.segments[index] if index < len(self.segments) else None

    def next_officer(self, moment: datetime) -> Segment | None:
        """The first segment after ``moment`` of someone else than whoever is on duty then: the next handover
        to another officer (an override ending hands the rest of a shift back to the same one)."""
        current = self.on_duty(moment)
        following = self.next_after(moment)
        while following is not None and current is not None and following.person_id == current.person_id:
            following = self.next_after(following.start)
        return following

    def on_duty_throughout(self, person_id: int, start: datetime, end: datetime) -> bool:
        """Whether ``person_id`` is on duty at every moment from ``start`` until ``end``."""
        moment = start
        while moment < end:
            segment = self.on_duty(moment)
            if segment is None or segment.person_id != person_id:
                return False
            moment = segment.end
        return True


def effective(shifts: Iterable[ShiftRecord], overrides: Iterable[OverrideRecord]) -> Schedule:
    """The shifts with the (not cancelled) overrides laid on top, oldest override first."""
    segments = [Segment(s.start, s.end, s.person_id, s.id) for s in sorted(shifts, key=lambda s: (s.start, s.id))]
    for override in sorted((o for o in overrides if not o.cancelled), key=lambda o: o.id):
        carved: list[Segment] = []
        for segment in segments:
            if segment.end <= override.start or override.end <= segment.start:
                carved.append(segment)
                continue
            if segment.start < override.start:
                carved.append(
                    Segment(segment.start, override.start, segment.person_id, segment.shift_id, segment.override_id)
                )
            if override.end < segment.end:
                carved.append(
                    Segment(override.end, segment.end, segment.person_id, segment.shift_id, segment.override_id)
                )
        carved.append(Segment(override.start, override.end, override.person_id, None, override.id))
        segments = sorted(carved, key=lambda s: (s.start, s.end))
    return Schedule(tuple(segments))
