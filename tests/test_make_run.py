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


def _processes(pids: set[int], pgid: int) -> str:
    """A `ps` line for each process of the group and each of `pids`: what a stop waited on."""
    listing = subprocess.run(["ps", "-eo", "pid,ppid,pgid,sid,stat,wchan:20,etimes,args"],
                             capture_output=True, text=True, check=False).stdout.splitlines()
    kept = [listing[0]] if listing else []
    for line in listing[1:]:
        fields = line.split()
        if int(fields[0]) in pids or int(fields[2]) == pgid:
            kept.append(line)
    return "\n".join(kept)


def _stalled(what: str, log: Path, pgid: int, database_url: str) -> str:
    """Why a stop did not finish: the processes still there and the end of make run's output."""
    tail = log.read_text(errors="replace")[-3000:]
    return (f"{what}\n{_processes(set(_started_with(database_url)), pgid)}"
            f"\n--- output ---\n{tail}")


def _as_from_a_terminal() -> None:
    """Ctrl-C's signal as a terminal delivers it. A process started in the background by a
    shell without job control (a CI runner's, say) ignores SIGINT, and that is inherited: make,
    its shell (whose trap on a signal ignored at entry is void) and runserver would all ignore
    the Ctrl-C, and the test would fail on how it was started, not on `make run`."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGQUIT, signal.SIG_DFL)


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
    log = tmp_path / "make-run.log"
    with log.open("wb") as out:
        make = subprocess.Popen(["make", "--no-print-directory", "run", f"PORT={port}"],
                                cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True, preexec_fn=_as_from_a_terminal)
    pgid = make.pid
    try:
        deadline = time.monotonic() + 240  # migrate and load the demo data first
        while not _serving(port):
            assert make.poll() is None, log.read_text(errors="replace")[-3000:]
            assert time.monotonic() < deadline, "make run did not start serving"
            time.sleep(0.5)
        time.sleep(3)  # the worker's sentinel has started its workers
        os.killpg(pgid, sig)
        try:
            make.wait(timeout=STOP_WITHIN_SECONDS)
        except subprocess.TimeoutExpired:
            pytest.fail(_stalled(f"make run did not stop within {STOP_WITHIN_SECONDS} s",
                                log, pgid, database_url))
        stop = time.monotonic() + 5
        while (_group_alive(pgid) or _started_with(database_url)) and time.monotonic() < stop:
            time.sleep(0.2)
        assert not _group_alive(pgid), _stalled("a process of make run outlived it",
                                                 log, pgid, database_url)
        assert not _started_with(database_url), _stalled("the worker outlived make run",
                                                         log, pgid, database_url)
        assert not _serving(port)
    finally:
        if _group_alive(pgid):
            os.killpg(pgid, signal.SIGKILL)
        for pid in _started_with(database_url):
            os.kill(pid, signal.SIGKILL)
