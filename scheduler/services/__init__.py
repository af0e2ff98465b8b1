"""The only code that changes calendar state. Views, API, admin and commands call these."""

from scheduler.services.generation import schedule_generate
from scheduler.services.schedules import (
    Preview,
    clashes_for,
    schedule_preview,
    schedule_set,
)

__all__ = ["Preview", "clashes_for", "schedule_generate", "schedule_preview", "schedule_set"]
