"""Field records: what was recorded in an offline copy, and, on the server, which of them arrived.

One table serves both sides. In an offline copy each row is a command recorded in the field (its class, its
input, the rows it created and the state of the rows it changed before it ran). When the copy is synchronised
the row is written on the server in the same transaction as the replayed command: its primary key, a UUID given
in the field, is what makes a second or interrupted synchronisation skip it.
"""

from datetime import datetime

from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from crisisapp.models.base import Base, UTCDateTime

# The trail (crisisapp/storage/audit.py) records of a field record what a person reads: which copy, its number, the
# action in Dutch, who recorded it when; not its JSON (``"audited": False``), the copy's and the server's bookkeeping.


class FieldRecord(Base):
    __tablename__ = "field_record"
    __table_args__ = {"info": {"label": "Offline kopie: veldregistraties"}}

    #: A UUID (hex) given when the record was made in the field.
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    #: The id of the offline copy (its database id) the record was made in.
    copy_id: Mapped[str] = mapped_column(String(32), info={"label": "offline kopie"})
    #: The order in which the records were made in the copy: the order in which they are sent.
    number: Mapped[int] = mapped_column(Integer, info={"label": "volgnummer"})
    #: The command's class (its journal name); the Logboek shows ``label``, the action in Dutch, instead.
    command: Mapped[str] = mapped_column(String(100), info={"label": "opdracht", "audited": False})
    label: Mapped[str] = mapped_column(String(200), info={"label": "actie"})
    #: The command's input as JSON.
    payload: Mapped[str] = mapped_column(Text, info={"label": "invoer", "audited": False})
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), info={"label": "vastgelegd om"})
    recorded_by: Mapped[str] = mapped_column(String(100), info={"label": "vastgelegd door"})
    #: JSON: the rows the command wrote in the copy, with their state before it (null: the row was new).
    field_rows: Mapped[str] = mapped_column(Text, info={"label": "rijen in de kopie", "audited": False})
    #: JSON, on the server only: the rows the command created there (their ids there), in the same order.
    server_rows: Mapped[str] = mapped_column(Text, default="", info={"label": "rijen op de server", "audited": False})
