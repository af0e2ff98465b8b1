from scheduler.models.accounts import ApiToken, User
from scheduler.models.calendar import Schedule, Session
from scheduler.models.venues import Room, Venue

__all__ = ["ApiToken", "Room", "Schedule", "Session", "User", "Venue"]
