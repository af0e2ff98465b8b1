"""The worker stops cleanly: `manage.py run_worker` exits within seconds of SIGTERM or
SIGINT, whether the signal comes while its cluster is starting or once it runs, and leaves no
process behind (django-q2's own `qcluster` can hang when a signal lands during its start)."""

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
STOP_WITHIN_SECONDS = 15
START_WITHIN_SECONDS = 120  # a loaded machine is slow to import Django and fork the workers


@pytest.fixture(scope="module")
def migrated(tmp_path_factory) -> Path:
    """One migrated SQLite database; each test works on a copy of it."""
    db = tmp_path_factory.mktemp("worker") / "q.sqlite3"
    subprocess.run([sys.executable, str(REPO / "manage.py"), "migrate", "-v0"], env=_env(db),
                   cwd=REPO, check=True, timeout=300)
    return db


def _env(db: Path) -> dict[str, str]:
    return {**os.environ, "DATABASE_URL": f"sqlite:///{db}",
            "DJANGO_SETTINGS_MODULE": "scheduler.settings", "Q_SYNC": "0"}


def _copy(migrated: Path, tmp_path: Path) -> dict[str, str]:
    return _env(Path(shutil.copy(migrated, tmp_path / "q.sqlite3")))


def _wait_for_line(log: Path, text: str, worker: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + START_WITHIN_SECONDS
    while text not in log.read_text(errors="replace"):
        assert worker.poll() is None, f"the worker exited before logging {text!r}"
        assert time.monotonic() < deadline, f"the worker never logged {text!r}"
        time.sleep(0.05)


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.mark.parametrize("moment", ["starting.", "running."], ids=["while-starting", "running"])
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["sigterm", "sigint"])
def test_the_worker_exits_soon_after_a_stop_signal(migrated, tmp_path, sig, moment):
    env = _copy(migrated, tmp_path)
    manage = [sys.executable, str(REPO / "manage.py")]
    log = tmp_path / "worker.log"
    with log.open("wb") as out:
        worker = subprocess.Popen([*manage, "run_worker"], env=env, cwd=REPO, stdout=out,
                                  stderr=subprocess.STDOUT, start_new_session=True)
    try:
        _wait_for_line(log, moment, worker)
        worker.send_signal(sig)
        worker.wait(timeout=STOP_WITHIN_SECONDS)
        assert worker.returncode == 0, log.read_text(errors="replace")[-2000:]
        stop = time.monotonic() + 5
        while _group_alive(worker.pid) and time.monotonic() < stop:
            time.sleep(0.1)
        assert not _group_alive(worker.pid), "a worker process outlived the stop"
        assert "has stopped." in log.read_text(errors="replace")
    finally:
        if _group_alive(worker.pid):
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait()


def test_the_worker_runs_once_and_stops(migrated, tmp_path):
    done = subprocess.run([sys.executable, str(REPO / "manage.py"), "run_worker", "--run-once"],
                          env=_copy(migrated, tmp_path), cwd=REPO,
                          capture_output=True, text=True, timeout=START_WITHIN_SECONDS)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "running." in done.stderr and "has stopped." in done.stderr


def _running(pid: int) -> bool:
    """True while `pid` runs. Not `_group_alive`: an orphan's new parent (a container's
    first process, say) may never reap it, and a zombie still answers a signal."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state != "Z"


def test_an_orphaned_worker_stops_itself(migrated, tmp_path):
    """Its starter killed outright (no trap runs, no signal reaches the worker): the worker
    notices and stops instead of running on unsupervised."""
    env = _copy(migrated, tmp_path)
    log = tmp_path / "worker.log"
    starter = ("import subprocess, sys, time; "
               "w = subprocess.Popen(sys.argv[1:], start_new_session=True); "
               "print(w.pid, flush=True); time.sleep(600)")
    with log.open("wb") as out:
        parent = subprocess.Popen([sys.executable, "-c", starter, sys.executable,
                                   str(REPO / "manage.py"), "run_worker"],
                                  env=env, cwd=REPO, stdout=subprocess.PIPE, stderr=out)
    assert parent.stdout is not None
    worker_pid = int(parent.stdout.readline())
    try:
        _wait_for_line(log, "running.", parent)
        parent.kill()
        parent.wait()
        stop = time.monotonic() + STOP_WITHIN_SECONDS
        while _running(worker_pid) and time.monotonic() < stop:
            time.sleep(0.1)
        assert not _running(worker_pid), "the orphaned worker ran on"
        text = log.read_text(errors="replace")
        assert "the process that started it has gone" in text and "has stopped." in text
    finally:
        if _running(worker_pid):
            os.killpg(worker_pid, signal.SIGKILL)
