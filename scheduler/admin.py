"""Django's admin autodiscovery looks here: the platform's and the calendar's admin modules."""

from scheduler.calendar import admin as calendar_admin
from scheduler.platform import admin as platform_admin

__all__ = ["calendar_admin", "platform_admin"]
