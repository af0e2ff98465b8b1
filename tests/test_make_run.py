"""`make run` (the README's first command) stops cleanly: Ctrl-C, or SIGTERM to its process
group as a supervisor sends it, stops the web server and the worker, and leaves nothing running."""

import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
STOP_WITHIN_SECONDS = 30


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serving(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
    except OSError:
        return False
    return True


def _started_with(value: str) -> list[int]:
    """Processes whose environment holds `value` (the test's own database URL): the worker
    runs in a session of its own, so only this finds it."""
    found = []
    for environ in Path("/proc").glob("[0-9]*/environ"):
        try:
            if value.encode() in environ.read_bytes():
                found.append(int(environ.parent.name))
        except OSError:  # gone meanwhile, or not ours to read
            continue
    return found


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_make_run_serves_then_stops_with_nothing_left_running(tmp_path, sig):
    port = _free_port()
    database_url = f"sqlite:///{tmp_path / 'demo.sqlite3'}"
    env = {**os.environ, "DATABASE_URL": database_url, "Q_SYNC": "0", "SMS_BACKEND": "console"}
    make = subprocess.Popen(["make", "--no-print-directory", "run", f"PORT={port}"], cwd=REPO,
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    pgid = make.pid
    try:
        deadline = time.monotonic() + 240  # migrate and load the demo data first
        while not _serving(port):
            assert make.poll() is None, "make run exited before serving"
            assert time.monotonic() < deadline, "make run did not start serving"
            time.sleep(0.5)
        time.sleep(3)  # the worker's sentinel has started its workers
        os.killpg(pgid, sig)
        make.wait(timeout=STOP_WITHIN_SECONDS)
        stop = time.monotonic() + 5
        while (_group_alive(pgid) or _started_with(database_url)) and time.monotonic() < stop:
            time.sleep(0.2)
        assert not _group_alive(pgid), "a process of make run outlived it"
        assert not _started_with(database_url), "the worker outlived make run"
        assert not _serving(port)
    finally:
        if _group_alive(pgid):
            os.killpg(pgid, signal.SIGKILL)
        for pid in _started_with(database_url):
            os.kill(pid, signal.SIGKILL)
