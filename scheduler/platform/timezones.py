"""The one zone every Groupwork time is shown and reasoned in."""

from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")
