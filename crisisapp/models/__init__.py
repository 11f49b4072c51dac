"""The ORM models of every area; importing this package registers them all on ``Base.metadata``."""

from crisisapp.models import audit, organisation, programme, settings
from crisisapp.models.base import Base

__all__ = ["Base", "audit", "organisation", "programme", "settings"]
