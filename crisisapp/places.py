"""The places in the app a line can open: a kind of record and the area (page) it lives in."""

import enum


class Place(enum.StrEnum):
    PIKET = "piket"
    PEOPLE = "people"  # the list of people of the crisis organisation (no key)
    FUNCTION = "function"
    OTO_PLAN = "oto-plan"  # the year plan of OTO activities (no key)
    OTO_ACTIVITY = "oto-activity"
    OTO_ACTION = "oto-action"
    EVENT = "event"
    EVENT_ACTION = "event-action"
    JAARWISSELING = "jaarwisseling"
    JAARWISSELING_TASK = "jaarwisseling-task"
    HARTSLAGNU = "hartslagnu"
    INCIDENT = "incident"
    INCIDENT_ACTION = "incident-action"  # an open action point of an incident's evaluation

    @property
    def area(self) -> str:
        """The key of the area (``crisisapp.ui.areas``) whose page shows this place."""
        return _AREAS[self]


_AREAS = {
    Place.PIKET: "piket",
    Place.PEOPLE: "organisation",
    Place.FUNCTION: "organisation",
    Place.OTO_PLAN: "oto",
    Place.OTO_ACTIVITY: "oto",
    Place.OTO_ACTION: "oto",
    Place.EVENT: "events",
    Place.EVENT_ACTION: "events",
    Place.JAARWISSELING: "jaarwisseling",
    Place.JAARWISSELING_TASK: "jaarwisseling",
    Place.HARTSLAGNU: "hulpdiensten",
    Place.INCIDENT: "incident",
    Place.INCIDENT_ACTION: "incident",
}
