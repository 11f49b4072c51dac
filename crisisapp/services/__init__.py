"""The use cases of each area: reads are functions that take a session first and return frozen records;
every edit a user can make is a command (``crisisapp.services.commands``)."""
