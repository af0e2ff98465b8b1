"""The only code that changes calendar state. Views, API, admin and commands call these."""

from scheduler.calendar.services.availability import LeaveSpan, WorkingHours, availability_set
from scheduler.calendar.services.feeds import feed_create, feed_issue, feed_revoke
from scheduler.calendar.services.generation import schedule_apply, schedule_generate
from scheduler.calendar.services.places import (
    closure_create,
    closure_delete,
    room_create,
    term_create,
    terms_import,
    venue_create,
)
from scheduler.calendar.services.schedules import (
    ClashSummary,
    Preview,
    clash_summaries,
    clashes_for,
    schedule_preview,
    schedule_rule,
    schedule_set,
)
from scheduler.calendar.services.sessions import (
    session_add,
    session_cancel,
    session_clashes,
    session_clashes_seen_by,
    session_move,
)

__all__ = [
    "availability_set",
    "LeaveSpan",
    "WorkingHours",
    "closure_create",
    "closure_delete",
    "feed_create",
    "feed_issue",
    "feed_revoke",
    "room_create",
    "term_create",
    "terms_import",
    "venue_create",
    "ClashSummary",
    "Preview",
    "clash_summaries",
    "clashes_for",
    "schedule_apply",
    "schedule_generate",
    "schedule_preview",
    "schedule_rule",
    "schedule_set",
    "session_add",
    "session_cancel",
    "session_clashes",
    "session_clashes_seen_by",
    "session_move",
]
