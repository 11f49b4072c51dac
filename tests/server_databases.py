"""Scratch databases on a PostgreSQL server for the tests: each made with a unique name, dropped afterwards."""

import itertools

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from crisisapp.storage.server import server_url


class ScratchServer:
    """Makes and drops databases named ``<prefix>_<n>`` on the server of ``url`` (a role that may create them)."""

    def __init__(self, url: str, prefix: str) -> None:
        self.url = server_url(url).set(drivername="postgresql")  # as a user writes it
        self.prefix = prefix
        self.numbers = itertools.count(1)
        self.made: list[str] = []
        # CREATE and DROP DATABASE cannot run inside a transaction; a scratch database need not survive a crash
        # of the server, so nothing waits for the disk at its commit.
        self.engine = create_engine(
            server_url(url), isolation_level="AUTOCOMMIT", connect_args={"options": "-c synchronous_commit=off"}
        )

    def create(self, template: str | None = None) -> str:
        """A new database (a copy of the database ``template``, a URL, if given); its URL."""
        name = f"{self.prefix}_{next(self.numbers)}"
        copy = f" TEMPLATE {make_url(template).database}" if template else ""
        with self.engine.connect() as connection:
            connection.execute(text(f"CREATE DATABASE {name}{copy}"))
            connection.execute(text(f"ALTER DATABASE {name} SET synchronous_commit TO off"))
        self.made.append(name)
        return self.url.set(database=name).render_as_string(hide_password=False)

    def drop(self, url: str) -> None:
        name = make_url(url).database
        with self.engine.connect() as connection:
            connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        self.made.remove(str(name))

    def drop_all(self) -> None:
        for name in list(self.made):
            self.drop(self.url.set(database=name).render_as_string(hide_password=False))
        self.engine.dispose()
