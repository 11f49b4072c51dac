"""The moment the tests live at, whatever day they really run: the conftest's ``context`` and the command-line
tests (through $CRISISAPP_NOW) both take it from here, and expected dates are derived from it."""

from datetime import datetime

from crisisapp.reports.printed import Printed
from crisisapp.timeutil import AMSTERDAM

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=AMSTERDAM)


def fixed_clock() -> datetime:
    return NOW


#: A document printed at NOW by the Maassluis team (the header of a database file's documents).
PRINTED_NOW = Printed(NOW, "Maassluis")
