"""Reports drawn from several services at once, shared by the command line and the pages."""

from datetime import datetime

from sqlalchemy.orm import Session

from crisisapp.storage.ownership import own_municipality
from crisisapp.timeutil import to_local


def jaarwisseling_document(session: Session, year: int, now: datetime) -> bytes:
    """The New Year's Eve plan, zones and evaluation of ``year``, compared with the four years before; printed
    ``now`` by a user of the transaction's municipality."""
    from crisisapp.reports.jaarwisseling import jaarwisseling_pdf
    from crisisapp.reports.printed import Printed
    from crisisapp.services import jaarwisseling

    return jaarwisseling_pdf(
        year,
        jaarwisseling.tasks(session, year),
        jaarwisseling.zones(session, year),
        jaarwisseling.incidents(session, year),
        jaarwisseling.comparison(session, range(year - 4, year + 1)),
        Printed(now, own_municipality(session)),
    )


def voortgang_document(session: Session, year: int, now: datetime) -> bytes:
    """The council's progress report on priority 6 for ``year``."""
    from crisisapp.reports.voortgang import KeyFigure, voortgang_pdf
    from crisisapp.services import dashboard, programme

    plan = programme.load_programme().priority(programme.TRACKED_PRIORITY)
    figures = [KeyFigure(*f) for f in dashboard.key_figures(session, year, to_local(now).date())]
    return voortgang_pdf(year, plan, programme.get_progress(session), figures, now)
