"""API shapes for the crèche. Children appear by known-as name only; allergy and medical
notes never leave the server through the API (only a flag that there are some)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from ninja import Field, Schema

from creche.models import (
    DEFAULT_MIN_STAFF,
    AuthorisedCollector,
    Child,
    CollectionIncident,
    CrecheBooking,
    NeverCollect,
    StaffOnDuty,
)
from creche.ratios import age_band, first_aid_valid
from creche.selectors import MAX_ID, CrecheStatus

Id = Field(..., ge=1, le=MAX_ID)


class DetailOut(Schema):
    detail: str


class CrecheSessionIn(Schema):
    venue_id: int = Id
    session_id: int | None = Field(None, ge=1, le=MAX_ID,
                                   description="The group session this crèche supports")
    starts_at: dt.datetime = Field(..., description="With a UTC offset")
    ends_at: dt.datetime
    capacity: int = Field(..., ge=1, le=200)
    min_staff: int = Field(DEFAULT_MIN_STAFF, ge=1, le=20,
                           description="Minimum staff whenever children are present")
    min_age_months: int = Field(0, ge=0, le=216, description="Youngest age taken, in months")


class CrecheSessionOut(Schema):
    id: int
    venue_id: int
    venue_name: str = Field(..., alias="venue.name")
    session_id: int | None
    starts_at: dt.datetime
    ends_at: dt.datetime
    capacity: int
    min_staff: int
    min_age_months: int
    booked: int


class BookingIn(Schema):
    child_id: int = Id


class BookingOut(Schema):
    id: int
    creche_session_id: int
    child_id: int
    known_as: str = Field(..., alias="child.known_as")
    age_band: str
    has_care_notes: bool
    signed_in_at: dt.datetime | None
    signed_out_at: dt.datetime | None
    collected_by: str

    @staticmethod
    def resolve_age_band(obj: CrecheBooking) -> str:
        day = timezone.localdate(obj.creche_session.starts_at)
        return str(age_band(obj.child.date_of_birth, day))

    @staticmethod
    def resolve_has_care_notes(obj: CrecheBooking) -> bool:
        return obj.child.has_care_notes

    @staticmethod
    def resolve_signed_in_at(obj: CrecheBooking) -> dt.datetime | None:
        attendance = obj.latest_attendance
        return attendance.signed_in_at if attendance else None

    @staticmethod
    def resolve_signed_out_at(obj: CrecheBooking) -> dt.datetime | None:
        attendance = obj.latest_attendance
        return attendance.signed_out_at if attendance else None

    @staticmethod
    def resolve_collected_by(obj: CrecheBooking) -> str:
        attendance = obj.latest_attendance
        return attendance.collected_by if attendance else ""


class SignOutIn(Schema):
    collected_by: str = Field(..., min_length=1, max_length=120,
                              description="The adult collecting, as they give their name")
    password: str = Field("", max_length=60, description="Collection password, if one is set")
    at: dt.datetime | None = Field(None, description="After the fact: when the child left")
    reason: str = Field("", max_length=200, description="Why it is recorded after the fact")


class CollectorOut(Schema):
    id: int
    name: str
    relationship: str
    description: str
    check_question: str
    needs_password: bool

    @staticmethod
    def resolve_needs_password(obj: AuthorisedCollector) -> bool:
        return bool(obj.password)


class StaffIn(Schema):
    user_id: int | None = Field(None, ge=1, le=MAX_ID,
                                description="Whom to sign on or off; yourself when omitted")


class DutyOut(Schema):
    id: int
    creche_session_id: int
    user_id: int
    display_name: str = Field(..., alias="user.display_name")
    signed_on_at: dt.datetime
    signed_off_at: dt.datetime | None
    paediatric_first_aid: bool
    level_6_qualified: bool

    @staticmethod
    def resolve_paediatric_first_aid(obj: StaffOnDuty) -> bool:
        qualification = getattr(obj.user, "creche_qualification", None)
        expires = qualification.paediatric_first_aid_expires if qualification else None
        return first_aid_valid(expires, timezone.localdate(obj.creche_session.starts_at))

    @staticmethod
    def resolve_level_6_qualified(obj: StaffOnDuty) -> bool:
        qualification = getattr(obj.user, "creche_qualification", None)
        return bool(qualification and qualification.level_6_qualified)


class StatusOut(Schema):
    creche_session_id: int
    children_present: int
    staff_present: int
    required_staff: int
    first_aider_present: bool
    ok: bool
    warnings: list[str]
    over_two_hours_booking_ids: list[int]

    @classmethod
    def of(cls, creche_session_id: int, status: CrecheStatus) -> StatusOut:
        ratio = status.ratio
        return cls(creche_session_id=creche_session_id, children_present=ratio.children,
                   staff_present=ratio.staff, required_staff=ratio.required,
                   first_aider_present=ratio.first_aider_present, ok=not status.warnings,
                   warnings=status.warnings, over_two_hours_booking_ids=status.over_two_hours)


# --- children and who may collect them (CRECHE_STAFF only) -----------------------------------

class ChildIn(Schema):
    known_as: str = Field(..., min_length=1, max_length=60)
    date_of_birth: dt.date
    allergies: str = Field("", max_length=2000)
    medical_notes: str = Field("", max_length=2000, description="Needs: medical, dietary, other")
    photo_consent: bool = Field(False, description="No unless the parent agrees")


class CollectorIn(Schema):
    name: str = Field(..., min_length=1, max_length=120)
    relationship: str = Field(..., min_length=1, max_length=60)
    check_question: str = Field("", max_length=120)
    password: str = Field("", max_length=60, description="Password, or the answer to the question")
    description: str = Field("", max_length=2000, description="Photo description")


class NeverCollectIn(Schema):
    name: str = Field("", max_length=120)
    description: str = Field(..., min_length=1, max_length=2000)
    participant_id: int | None = Field(None, ge=1, le=MAX_ID,
                                       description="The keep-apart participant, if there is one")


class NeverCollectOut(Schema):
    id: int
    name: str
    description: str
    participant_id: int | None


class ChildOut(Schema):
    """Restricted fields included: only crèche staff and coordinators reach this."""

    id: int
    reference: str
    parent_id: int
    known_as: str
    date_of_birth: dt.date
    allergies: str
    medical_notes: str
    photo_consent: bool


class ChildDetailOut(ChildOut):
    collectors: list[CollectorOut]
    never_collect: list[NeverCollectOut]

    @staticmethod
    def resolve_collectors(obj: Child) -> list[AuthorisedCollector]:
        return list(obj.authorised_collectors.all())

    @staticmethod
    def resolve_never_collect(obj: Child) -> list[NeverCollect]:
        return list(obj.never_collect.all())


class LateSignInIn(Schema):
    at: dt.datetime = Field(..., description="When the child arrived, with a UTC offset")
    reason: str = Field(..., min_length=1, max_length=200,
                        description="Why it was not recorded at the time")


class IncidentOut(Schema):
    id: int
    creche_session_id: int
    booking_id: int
    child_id: int
    attempted_by: str
    reason: str
    happened_at: dt.datetime
    recorded_by_id: int
    staff_on_duty_ids: list[int]
    acknowledged_at: dt.datetime | None
    acknowledged_by_id: int | None

    @staticmethod
    def resolve_staff_on_duty_ids(obj: CollectionIncident) -> list[int]:
        return [u.pk for u in obj.staff_on_duty.all()]
