"""What the benchmarks share: their own throwaway database, and a progress bar."""

from __future__ import annotations

import sys

import psycopg


def fresh_database(url: str) -> None:
    """Drop and create the benchmark's own database (never anybody else's)."""
    name = url.rsplit("/", 1)[1]
    if not name.startswith("gw_") or "bench" not in name:
        sys.exit("refusing: the benchmark database name must start gw_ and contain 'bench'")
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def progress(label: str, done: int, total: int) -> None:
    width = 30
    filled = width * done // max(total, 1)
    end = "\n" if done >= total else ""
    print(f"\r{label:<12} [{'#' * filled}{'.' * (width - filled)}] {done:>9,}/{total:,}",
          end=end, flush=True)
