from scheduler.models.accounts import ApiToken, User
from scheduler.models.audit import AccessRecord, ErasureRecord
from scheduler.models.availability import FacilitatorHours, FacilitatorLeave
from scheduler.models.calendar import ChangeKind, Schedule, Session, SessionChange
from scheduler.models.closures import Closure, ClosureKind, Season, Term, TermCalendar
from scheduler.models.feeds import FeedKind, FeedToken
from scheduler.models.localities import Funder, Locality, Lot, locality_key
from scheduler.models.venues import Room, Venue

__all__ = [
    "AccessRecord",
    "ApiToken",
    "ChangeKind",
    "ErasureRecord",
    "Closure",
    "ClosureKind",
    "FacilitatorHours",
    "FacilitatorLeave",
    "FeedKind",
    "FeedToken",
    "Funder",
    "Locality",
    "Lot",
    "Room",
    "Schedule",
    "Season",
    "Session",
    "SessionChange",
    "Term",
    "TermCalendar",
    "User",
    "Venue",
    "locality_key",
]
