"""Shared benchmark harness: a throw-away database, timing side by side, query counts.

Benchmarks run against a fresh test database (SQLite by default, PostgreSQL when
DATABASE_URL is set), so they never touch the development data."""

from __future__ import annotations

import os
import statistics
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "infoshare.settings_test")
# Measure the service as it runs in production: no debug query log, no test instrumentation
# of template rendering (so no setup_test_environment below).
os.environ.setdefault("DEBUG", "0")


def setup() -> None:
    import warnings

    import django

    # Static files are not collected for a benchmark; whitenoise says so once per process.
    warnings.filterwarnings("ignore", "No directory at", UserWarning)
    django.setup()


@contextmanager
def test_database() -> Iterator[None]:
    from django.conf import settings
    from django.db import connection

    connection.close()
    # One database per run, so that runs side by side never clobber each other.
    name = f"test_bench_{os.getpid()}"
    if connection.vendor == "sqlite":
        # The embedded database as deployed (a file in WAL mode), not the test suite's
        # in-memory one, which would flatter every raw query.
        # The settings make VAR_DIR for the embedded database.
        connection.settings_dict["TEST"]["NAME"] = str(settings.VAR_DIR / f"{name}.sqlite3")
        connection.settings_dict["OPTIONS"] = dict(settings.SQLITE_OPTIONS)
    else:
        connection.settings_dict["TEST"]["NAME"] = name
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        yield
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def timed_side_by_side(
    first: Callable[[], Any], second: Callable[[], Any], *, repeat: int = 25
) -> tuple[float, float]:
    """Median seconds of each of two operations over ``repeat`` runs, after one warm-up each.

    The runs alternate (first, second, first, ...), so that a burst of load on a shared
    machine slows both alike and their ratio stays fair."""
    first()
    second()
    samples: tuple[list[float], list[float]] = ([], [])
    for _ in range(repeat):
        for fn, into in ((first, samples[0]), (second, samples[1])):
            start = time.perf_counter()
            fn()
            into.append(time.perf_counter() - start)
    return statistics.median(samples[0]), statistics.median(samples[1])


def count_queries(fn: Callable[[], Any]) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    # The bulk generation fills Django's query log; start from an empty one.
    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


def raw(sql: str, params: list[Any]) -> Callable[[], Any]:
    from django.db import connection

    def run() -> Any:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall() if cursor.description else None

    return run


def report(rows: Sequence[Sequence[str]]) -> None:
    widths = [max(len(str(row[i])) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        print("  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True)))
