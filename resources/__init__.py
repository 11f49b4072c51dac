"""Data shipped with CrisisApp (programme text, templates, icons), installed as ``crisisapp.resources``."""
