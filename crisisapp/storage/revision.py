"""The schema revisions this version knows, oldest first, without importing Alembic.

Start-up compares a file's revision with ``HEAD`` so that Alembic is only loaded when a file must be
upgraded; a test keeps this list in step with the migration scripts.
"""

REVISIONS: tuple[str, ...] = (
    "0001_programme_progress",
    "0002_audit_and_settings",
    "0003_organisation",
    "0004_piket",
    "0005_oto",
    "0006_events",
    "0007_jaarwisseling_hulpdiensten",
    "0008_checklist_templates",
    "0009_event_meetings_and_carried_points",
    "0010_file_identity",
    "0011_incidents",
    "0012_row_versions",
    "0013_municipal_ownership",
    "0014_offline_field_records",
    "0015_audit_user_index",
    "0016_attendance_last_index",
    "0017_access_rules",
    "0018_backup_and_audit_rights",
    "0019_target_without_value",
    "0020_log_entry_numbers",
)
HEAD = REVISIONS[-1]
