"""Scratch databases on a PostgreSQL server for the tests: each made with a unique name, dropped afterwards.

Making and dropping a database waits for the server's disk (a second or so each on a busy machine); a worker
thread makes the next copy of each template while a test runs and drops the used ones behind it, so the tests
seldom wait for either.
"""

import itertools
import queue
import threading
from collections.abc import Callable

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from crisisapp.storage.server import server_url


class ScratchServer:
    """Makes and drops databases named ``<prefix>_<n>`` on the server of ``url`` (a role that may create them)."""

    def __init__(self, url: str, prefix: str) -> None:
        self.url = server_url(url).set(drivername="postgresql")  # as a user writes it
        self.prefix = prefix
        self.numbers = itertools.count(1)
        self.made: set[str] = set()
        self.lock = threading.Lock()
        # CREATE and DROP DATABASE cannot run inside a transaction; a scratch database need not survive a crash
        # of the server, so nothing waits for the disk at the commit of its making.
        self.engine = create_engine(
            server_url(url), isolation_level="AUTOCOMMIT", connect_args={"options": "-c synchronous_commit=off"}
        )
        self.ready: dict[str | None, queue.Queue[str | Exception]] = {}
        self.work: queue.Queue[Callable[[], None] | None] = queue.Queue()
        self.worker = threading.Thread(target=self._work, name="scratch databases", daemon=True)
        self.worker.start()

    def _work(self) -> None:
        while (job := self.work.get()) is not None:
            job()

    def _execute(self, statement: str) -> None:
        with self.engine.connect() as connection:
            connection.execute(text(statement))

    def _create(self, template: str | None) -> str:
        with self.lock:
            name = f"{self.prefix}_{next(self.numbers)}"
            self.made.add(name)
        self._execute(f"CREATE DATABASE {name}" + (f" TEMPLATE {make_url(template).database}" if template else ""))
        # Nor do its commits: a test's commit then costs no wait for the disk (a copy does not inherit this).
        self._execute(f"ALTER DATABASE {name} SET synchronous_commit = off")
        return name

    def _drop(self, name: str) -> None:
        self._execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        with self.lock:
            self.made.discard(name)

    def create(self, template: str | None = None) -> str:
        """A new database (a copy of the database ``template``, a URL, if given); its URL."""
        ready = self.ready.get(template)
        if ready is None:
            ready = self.ready[template] = queue.Queue()
            made: str | Exception = self._create(template)
        else:
            made = ready.get(timeout=300)  # made by the worker while the previous test ran
        if isinstance(made, Exception):
            raise made
        self.work.put(lambda: ready.put(self._made(template)))  # the next test's copy
        return self.url.set(database=made).render_as_string(hide_password=False)

    def _made(self, template: str | None) -> str | Exception:
        try:
            return self._create(template)
        except Exception as exc:  # handed to the test that would have used it
            return exc

    def drop(self, url: str) -> None:
        """Drop the database of ``url`` (in the background)."""
        name = str(make_url(url).database)
        self.work.put(lambda: self._drop(name))

    def drop_all(self) -> None:
        """Drop every database made, also those made ahead; the worker stops."""
        self.work.put(None)
        self.worker.join()
        for name in sorted(self.made):
            self._drop(name)
        self.engine.dispose()
