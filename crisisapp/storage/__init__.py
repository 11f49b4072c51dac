"""Engine, SQLite settings, sessions and the schema migrations."""
