"""The ORM models, one module per area.

Importing this package loads none of them, so that start-up pays only for the areas it shows;
:func:`load_all` registers every model on ``Base.metadata`` (for migrations, the audit labels, checks).
"""

from importlib import import_module

from sqlalchemy import MetaData

AREAS = (
    "audit",
    "settings",
    "programme",
    "organisation",
    "piket",
    "oto",
    "events",
    "jaarwisseling",
    "hulpdiensten",
    "incident",
    "offline",
)


def load_all() -> MetaData:
    """Import every area's models; return the complete metadata."""
    for area in AREAS:
        import_module(f"crisisapp.models.{area}")
    from crisisapp.models.base import Base

    return Base.metadata
