"""The only code that changes calendar state. Views, API, admin and commands call these."""

from scheduler.services.generation import schedule_generate
from scheduler.services.schedules import (
    Preview,
    clashes_for,
    schedule_preview,
    schedule_set,
)
from scheduler.services.sessions import (
    session_add,
    session_cancel,
    session_clashes,
    session_move,
)

__all__ = [
    "Preview",
    "clashes_for",
    "schedule_generate",
    "schedule_preview",
    "schedule_set",
    "session_add",
    "session_cancel",
    "session_clashes",
    "session_move",
]
