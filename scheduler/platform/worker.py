"""The django-q2 worker with a stop signal handled outside signal context.

django-q2's `Cluster` stops from inside its signal handler: it sets a multiprocessing event
and joins the sentinel there. A signal landing while the main process holds that event's
lock (it polls the start event while the cluster starts) deadlocks the worker: it logs
"stopping" and never exits, until a supervisor kills it (django-q2 issue #346). Under load,
when the cluster takes seconds to start, `make run`'s Ctrl-C or a deploy's SIGTERM hit that
window. Here the handler only records the signal; the main loop then stops the cluster in
plain code, so a stop at any moment, starting or running, ends the worker within seconds.

The worker also stops when the process that started it has gone (`make run`'s shell killed
outright, a supervisor crashed): an orphaned worker would go on sending reminders that
nobody can see or stop.
"""

from __future__ import annotations

import logging
import os
import signal
import time
from types import FrameType

from django_q.cluster import Cluster

logger = logging.getLogger(__name__)

STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)
POLL_SECONDS = 0.2


class StopRequest:
    """The first stop signal received, set by the handler and read by the main loop. An
    assignment is all the handler does: nothing in it can wait for a lock."""

    def __init__(self) -> None:
        self.signum: int | None = None

    def handle(self, signum: int, frame: FrameType | None) -> None:
        self.signum = self.signum or signum

    def install(self) -> None:
        for signum in STOP_SIGNALS:
            signal.signal(signum, self.handle)


def run_worker(*, once: bool = False) -> int:
    """Start a cluster and run it until a stop signal (or at once, with `once`); then stop it
    cleanly. Returns the process's exit status: 0, or 1 when the cluster died by itself."""
    stop = StopRequest()
    parent = os.getppid()
    cluster = Cluster()  # installs django-q2's own handlers …
    stop.install()  # … which these replace before anything starts
    cluster.start()  # returns once the sentinel is running (a signal meanwhile waits)
    while (not once and stop.signum is None and cluster.sentinel.is_alive()
           and os.getppid() == parent):
        time.sleep(POLL_SECONDS)
    orphaned = os.getppid() != parent
    died = stop.signum is None and not once and not orphaned
    if orphaned:
        logger.warning("worker stopping: the process that started it has gone")
    if died:
        logger.error("worker cluster stopped by itself")
    cluster.stop()
    return 1 if died else 0
