"""The worker stops cleanly: `manage.py qcluster` exits soon after SIGTERM or SIGINT."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
STOP_WITHIN_SECONDS = 15


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_qcluster_exits_after_a_stop_signal(tmp_path, sig):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'q.sqlite3'}",
           "DJANGO_SETTINGS_MODULE": "scheduler.settings", "Q_SYNC": "0"}
    manage = [sys.executable, str(REPO / "manage.py")]
    subprocess.run([*manage, "migrate", "-v0"], env=env, cwd=REPO, check=True, timeout=120)
    worker = subprocess.Popen([*manage, "qcluster"], env=env, cwd=REPO,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        time.sleep(5)  # the sentinel has started its workers
        assert worker.poll() is None
        worker.send_signal(sig)
        started = time.monotonic()
        worker.wait(timeout=STOP_WITHIN_SECONDS)
        assert time.monotonic() - started < STOP_WITHIN_SECONDS
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()
