"""Which municipality a record belongs to: the piket is shared by Maassluis, Vlaardingen and Schiedam, and each
manages its own people, OTO activities, events and incidents (on a server database, enforced by the server:
crisisapp/storage/roles.py).

A new record belongs to the municipality of whoever makes it: on a server database the municipality of the
user's database role, on a database file the team's own, Maassluis. :class:`crisisapp.context.AppContext`
puts it in each transaction's ``session.info``, where the services read it.
"""

from sqlalchemy.orm import Session

#: The team CrisisApp was made for; a database file is its, and so are records without a municipality of the
#: piket (people of the VRR, the police …: Maassluis' contacts).
HOME = "Maassluis"
#: The municipalities that share the piket, each with its own records.
MUNICIPALITIES = ("Maassluis", "Vlaardingen", "Schiedam")
MUNICIPALITY_KEY = "own_municipality"


def own_municipality(session: Session) -> str:
    """The municipality a record made in this transaction belongs to."""
    return str(session.info.get(MUNICIPALITY_KEY) or HOME)
