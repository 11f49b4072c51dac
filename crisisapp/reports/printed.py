"""When a document is printed, and for which municipality: every page's header names it."""

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class Printed:
    """A document printed at ``at`` by a user of ``municipality``: its pages' header says "Gemeente
    Vlaardingen · crisisbeheersing en fysieke veiligheid", its footer the moment, and the PDF's author is that
    municipality. Three municipalities print from one shared database; a database file is Maassluis'."""

    at: datetime
    municipality: str

    def house(self) -> str:
        return f"Gemeente {self.municipality} · crisisbeheersing en fysieke veiligheid"
