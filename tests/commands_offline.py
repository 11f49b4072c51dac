"""How to draw a valid offline-copy command from the demo database (see tests/test_commands.py): a field command
with its journal entry (in a copy), the same record received on the server, or not to be sent any more."""

from typing import Any

from hypothesis import strategies as st

from crisisapp.context import AppContext
from crisisapp.services import events, incident, jaarwisseling
from crisisapp.services.commands import Command, RowImage
from crisisapp.services.offline_sync import Deliver, Forget, Journal, Recorded
from tests.clock import NOW
from tests.commands_events import BUILDERS as EVENTS
from tests.commands_incident import BUILDERS as INCIDENT
from tests.commands_jaarwisseling import BUILDERS as JAARWISSELING

record_ids = st.uuids().map(lambda u: u.hex)


def _journal(context: AppContext, data: st.DataObject) -> Command[Any] | None:
    builder = data.draw(
        st.sampled_from(
            (
                EVENTS[events.Tick],
                EVENTS[events.ClearTick],
                INCIDENT[incident.StartIncident],
                JAARWISSELING[jaarwisseling.LogIncident],
            )
        )
    )
    command = builder(context, data)
    return command and Journal(command, data.draw(record_ids))


def _record(context: AppContext, data: st.DataObject) -> Recorded:
    """A night-log entry made in a copy (a new row there), as the server reads it."""
    command = JAARWISSELING[jaarwisseling.LogIncident](context, data)
    return Recorded.of(
        command,
        record_id=data.draw(record_ids),
        copy_id="veld",
        number=data.draw(st.integers(1, 1000)),
        recorded_at=NOW,
        recorded_by="veld",
        images=(RowImage("nye_incident", (1,), None, None),),
        what="een melding",
    )


BUILDERS: dict[type[Command[Any]], Any] = {
    Journal: _journal,
    Deliver: lambda context, data: Deliver(_record(context, data)),
    Forget: lambda context, data: Forget(_record(context, data)),
}
