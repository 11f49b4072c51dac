"""CrisisApp: the desktop tool of Maassluis' crisis and physical-safety team."""

__version__ = "0.1.0"
