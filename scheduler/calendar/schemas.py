"""Calendar API shapes. Confidential venue addresses are filled in only for planners."""

import datetime as dt
from typing import Annotated, Any, Literal

from ninja import Field, Schema
from pydantic import AfterValidator, PlainValidator, WithJsonSchema

from scheduler.calendar.enums import LocationType
from scheduler.calendar.ical import MAX_ICS_CHARS
from scheduler.calendar.services.places import (
    FIRST_DAY,
    LAST_DAY,
    closure_fingerprint,
    room_version,
    venue_version,
)
from scheduler.platform.permissions import PLANNERS
from scheduler.platform.timezones import LONDON

# Bounds keep date arithmetic (horizons, paddings) and SQLite integers in range: a date in
# year 9999 or a 20-digit id is a 422, never a 500. FIRST_DAY/LAST_DAY are the services' own
# bounds, so pages refuse the same dates.


def _in_range(day: dt.date) -> dt.date:
    if not FIRST_DAY <= day <= LAST_DAY:
        raise ValueError("Give a date between 1900 and 2200")
    return day


def _moment_in_range(moment: dt.datetime) -> dt.datetime:
    _in_range(moment.date())
    return moment


Id = Annotated[int, Field(ge=1, le=2**31 - 1)]
Day = Annotated[dt.date, AfterValidator(_in_range)]
Moment = Annotated[dt.datetime, AfterValidator(_moment_in_range)]
ID_MAX = 2**31 - 1
LOCALITY_REF_HELP = "Give a locality's id or its name (GET /api/localities)"


def _locality_ref(value: object) -> int | str:
    """An id (a JSON true is not the id 1) or a name; whether it is on the provider's list is
    the services' decision (a 422 on the field, as for every entrance)."""
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ValueError(LOCALITY_REF_HELP)
    if isinstance(value, int) and not 1 <= value <= ID_MAX:
        raise ValueError(LOCALITY_REF_HELP)
    if isinstance(value, str) and not 1 <= len(value) <= 80:
        raise ValueError(LOCALITY_REF_HELP)
    return value


# A locality on the provider's list, by id or by name (case and spacing ignored); anything
# else — an unknown id or name, an unmatched locality — is a 422 on the field.
LocalityRef = Annotated[
    int | str, PlainValidator(_locality_ref),
    WithJsonSchema({"anyOf": [{"type": "integer", "minimum": 1, "maximum": ID_MAX},
                              {"type": "string", "minLength": 1, "maxLength": 80}],
                    "description": "A locality on the provider's list (GET /api/localities): "
                                   "its id, or its name (case and spacing ignored)",
                    "examples": [1, "Leicester City"]})]




class RoomIn(Schema):
    name: str = Field(min_length=1, max_length=80)
    capacity: int = Field(ge=1, le=1000)


class RoomOut(Schema):
    id: int
    name: str
    capacity: int
    version: str  # send it back with an update: a changed room refuses the update

    @staticmethod
    def resolve_version(obj: Any) -> str:
        return room_version(obj)


Version = Field(None, min_length=1, max_length=16,
                description="The `version` last read: the update is refused (422) if the "
                            "record has changed since.")


class RoomUpdateIn(RoomIn):
    version: str | None = Version


class VenueFields(Schema):
    name: str = Field(min_length=1, max_length=120)
    locality: LocalityRef
    location_type: LocationType = LocationType.COMMUNITY
    address: str = Field("", max_length=1000)
    is_confidential: bool = False
    accessibility_notes: str = Field("", max_length=2000)
    has_creche_room: bool = False


class VenueIn(VenueFields):
    rooms: list[RoomIn] = Field([], max_length=50)


class VenueUpdateIn(VenueFields):
    version: str | None = Version


class VenueOut(Schema):
    id: int
    name: str
    locality: str = Field(alias="locality.name")
    locality_id: int
    location_type: str
    address: str | None  # None: hidden from this role
    is_confidential: bool
    accessibility_notes: str
    has_creche_room: bool
    rooms: list[RoomOut]
    version: str

    @staticmethod
    def resolve_version(obj: Any) -> str:
        return venue_version(obj)

    @staticmethod
    def resolve_address(obj: Any, context: Any) -> str | None:
        """Addresses only for planners: a refuge's address must not reach everyone."""
        user = context["request"].user
        return obj.address if user.has_role(*PLANNERS) else None

    @staticmethod
    def resolve_rooms(obj: Any) -> list[Any]:
        return list(obj.rooms.all())


CALENDAR_LOCALITY = ("Needed when the named term calendar does not exist yet (it is made in "
                     "this locality); for an existing calendar, leave it out or give its own.")


class TermIn(Schema):
    calendar_name: str = Field(min_length=1, max_length=120)
    locality: LocalityRef | None = Field(None, description=CALENDAR_LOCALITY)
    season: Literal["autumn", "spring", "summer"]
    name: str = Field(min_length=1, max_length=60)
    starts_on: Day
    ends_on: Day
    half_term_starts_on: Day | None = None
    half_term_ends_on: Day | None = None


class LotOut(Schema):
    id: int
    name: str


class LocalityOut(Schema):
    id: int
    name: str
    lot_id: int | None
    unmatched: bool = Field(description="Carried over from free text; not yet resolved")


class FunderOut(Schema):
    id: int
    name: str
    is_active: bool


class TermOut(Schema):
    id: int
    calendar_id: int
    calendar_name: str = Field(alias="calendar.name")
    locality: str = Field(alias="calendar.locality.name")
    locality_id: int = Field(alias="calendar.locality_id")
    season: str
    name: str
    starts_on: dt.date
    ends_on: dt.date
    half_term_starts_on: dt.date | None
    half_term_ends_on: dt.date | None


class TermImportIn(Schema):
    calendar_name: str = Field(min_length=1, max_length=120)
    locality: LocalityRef | None = Field(None, description=CALENDAR_LOCALITY)
    ics: str = Field(min_length=1, max_length=MAX_ICS_CHARS)


class TermPreviewOut(Schema):
    """A term an import would create (nothing saved yet)."""
    season: str
    name: str
    starts_on: dt.date
    ends_on: dt.date
    half_term_starts_on: dt.date | None
    half_term_ends_on: dt.date | None


class ClosureIn(Schema):
    kind: Literal["organisation", "venue"]
    venue_id: Id | None = None
    starts_on: Day
    ends_on: Day
    reason: str = Field(min_length=1, max_length=120)


class ClosureUpdateIn(ClosureIn):
    version: str | None = Version


class ClosureOut(Schema):
    id: int | None  # None: a bank holiday (not stored)
    kind: str
    venue_id: int | None
    starts_on: dt.date
    ends_on: dt.date
    reason: str
    version: str | None  # None for a bank holiday

    @staticmethod
    def resolve_version(obj: Any) -> str | None:
        if obj.id is None:
            return None
        return closure_fingerprint(obj.kind, obj.venue_id, obj.starts_on, obj.ends_on,
                                   obj.reason)


class ScheduleIn(Schema):
    # Either an iCalendar rule ("RRULE:" prefix optional) or plain words: weekdays (0 = Monday)
    # and every_weeks (1 weekly, 2 fortnightly).
    rule: str = Field("", max_length=2000, examples=["RRULE:FREQ=WEEKLY;BYDAY=TU"])
    weekdays: list[Annotated[int, Field(ge=0, le=6)]] = Field([], max_length=7)
    every_weeks: int = Field(1, ge=1, le=2)
    start_date: Day
    start_time: dt.time
    duration_minutes: int = Field(ge=1, le=720)
    target_sessions: int = Field(ge=1, le=200)
    calendar_ids: list[Id] = Field([], max_length=20)


class ScheduleOut(Schema):
    run_id: int
    rule: str
    start_date: dt.date
    start_time: dt.time
    duration_minutes: int
    target_sessions: int
    calendar_ids: list[int]


class SkippedOut(Schema):
    date: dt.date
    reason: str


class ClashOut(Schema):
    rule: str
    severity: str
    key: str
    other: str | None
    message: str
    restricted: bool
    detail: str


class PlannedOut(Schema):
    number: int
    starts_at: dt.datetime
    ends_at: dt.datetime


class SchedulePreviewOut(Schema):
    sessions: list[PlannedOut]
    skipped: list[SkippedOut]
    clashes: list[ClashOut]


class SessionOut(Schema):
    id: int
    run_id: int
    run_name: str = Field(alias="run.name")
    programme: str = Field(alias="run.programme.name")
    number: int
    kind: str
    topic: str | None = Field(None, alias="topic.title")
    starts_at: dt.datetime
    ends_at: dt.datetime
    status: str
    cancel_reason: str
    sequence: int
    venue_id: int = Field(alias="run.venue_id")
    venue_name: str = Field(alias="run.venue.name")
    room_id: int | None
    room_name: str | None = Field(None, alias="room.name")

    # Times go out in Europe/London, so a client shows 10:00 whatever the season.
    @staticmethod
    def resolve_starts_at(obj: Any) -> dt.datetime:
        return obj.starts_at.astimezone(LONDON)

    @staticmethod
    def resolve_ends_at(obj: Any) -> dt.datetime:
        return obj.ends_at.astimezone(LONDON)


class ClashSummaryOut(Schema):
    blocking: int
    warnings: int
    rules: list[str]


class SessionListOut(SessionOut):
    # Each session's clashes in brief, so a client need not fetch sessions one by one.
    clash_summary: ClashSummaryOut


class SessionDetailOut(SessionOut):
    clashes: list[ClashOut] = []


class SessionPatch(Schema):
    action: Literal["move", "cancel"]
    starts_at: Moment | None = None
    ends_at: Moment | None = None
    room_id: Id | None = None
    reason: str = Field("", max_length=200)


class SessionIn(Schema):
    kind: Literal["extra", "catch_up"]
    starts_at: Moment
    ends_at: Moment
    room_id: Id | None = None
    reason: str = Field("", max_length=200)


class FeedIn(Schema):
    kind: Literal["facilitator", "venue", "run"]
    subject_id: Id


class FeedOut(Schema):
    id: int
    kind: str
    prefix: str
    url: str | None = None  # shown once, at creation


class HoursItem(Schema):
    weekday: int = Field(ge=0, le=6)
    starts_at: dt.time
    ends_at: dt.time


class LeaveItem(Schema):
    starts_on: Day
    ends_on: Day


class AvailabilityIO(Schema):
    hours: list[HoursItem] = Field([], max_length=50)
    leave: list[LeaveItem] = Field([], max_length=200)
