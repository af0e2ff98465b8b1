"""API shapes for the programmes app.

Identity (legal name, address) and demographics are resolved only for roles that may see them;
keep-apart and partner-support links never appear on a participant.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from ninja import Field, Schema
from pydantic import AfterValidator, AwareDatetime, StringConstraints

from programmes import enums
from programmes.selectors import sees_identity
from programmes.services.participants import participant_version
from programmes.services.referrals import referral_version
from scheduler.calendar.schemas import LocalityRef

Id = Annotated[int, Field(ge=1, le=2**31 - 1)]
QueryId = Annotated[int, Field(ge=1, le=2**31 - 1)]
Small = Annotated[int, Field(ge=0, le=32767)]


def _no_nul(value: str) -> str:
    if "\x00" in value:
        raise ValueError("Must not contain NUL characters.")
    return value


# Text fields: no NUL, at most N characters; "Required" ones also at least one. Written out
# as Annotated aliases (not a factory call) so the type checker reads them as str.
NoNul = AfterValidator(_no_nul)
Text60 = Annotated[str, StringConstraints(max_length=60), NoNul]
Text80 = Annotated[str, StringConstraints(max_length=80), NoNul]
Text160 = Annotated[str, StringConstraints(max_length=160), NoNul]
Text200 = Annotated[str, StringConstraints(max_length=200), NoNul]
Text300 = Annotated[str, StringConstraints(max_length=300), NoNul]
Text500 = Annotated[str, StringConstraints(max_length=500), NoNul]
Required60 = Annotated[str, StringConstraints(min_length=1, max_length=60), NoNul]
Required120 = Annotated[str, StringConstraints(min_length=1, max_length=120), NoNul]
Required160 = Annotated[str, StringConstraints(min_length=1, max_length=160), NoNul]
Required300 = Annotated[str, StringConstraints(min_length=1, max_length=300), NoNul]




# --- Catalogue ------------------------------------------------------------------------------

class TopicIn(Schema):
    title: Required120
    is_core: bool = True


class TopicOut(Schema):
    id: int
    order: int
    title: str
    is_core: bool


class ProgrammeFields(Schema):
    audience: enums.Audience
    delivery: enums.Delivery
    output_category: enums.OutputCategory = enums.OutputCategory.OTHER
    age_min: Small | None = None
    age_max: Small | None = None
    session_count: Small | None = None
    session_minutes: Annotated[int, Field(ge=1, le=1440)] = 120
    min_group_size: Small | None = None
    max_group_size: Small | None = None
    requires_referral: bool = False
    requires_assessment: bool = False
    completion_min_sessions: Small | None = None
    completion_min_percent: Annotated[int, Field(ge=1, le=100)] | None = None
    completion_requires_final: bool = False
    completion_all_core_topics: bool = False
    max_consecutive_misses: Small | None = None
    max_total_misses: Small | None = None
    catch_ups_allowed: bool = True
    is_active: bool = True


class ProgrammeIn(ProgrammeFields):
    name: Required120
    slug: Annotated[str, StringConstraints(pattern=r"^[-a-z0-9_]{1,60}$")]
    topics: list[TopicIn] = []


class ProgrammePatch(Schema):
    name: Required120 | None = None
    audience: enums.Audience | None = None
    delivery: enums.Delivery | None = None
    output_category: enums.OutputCategory | None = None
    age_min: Small | None = None
    age_max: Small | None = None
    session_count: Small | None = None
    session_minutes: Annotated[int, Field(ge=1, le=1440)] | None = None
    min_group_size: Small | None = None
    max_group_size: Small | None = None
    requires_referral: bool | None = None
    requires_assessment: bool | None = None
    completion_min_sessions: Small | None = None
    completion_min_percent: Annotated[int, Field(ge=1, le=100)] | None = None
    completion_requires_final: bool | None = None
    completion_all_core_topics: bool | None = None
    max_consecutive_misses: Small | None = None
    max_total_misses: Small | None = None
    catch_ups_allowed: bool | None = None
    is_active: bool | None = None


class ProgrammeOut(ProgrammeFields):
    id: int
    name: str
    slug: str
    topics: list[TopicOut]


# --- Runs -------------------------------------------------------------------------------------

class RunIn(Schema):
    programme_id: Id
    name: Required160
    venue_id: Id
    room_id: Id | None = None
    capacity: Annotated[int, Field(ge=1, le=500)]
    creche_places: Annotated[int, Field(ge=0, le=100)] = 0
    status: enums.RunStatus = enums.RunStatus.PLANNED
    facilitator_ids: list[Id] = []
    funder_id: Id | None = Field(None, description="A commissioner's spot purchase of the run")


class RunPatch(Schema):
    name: Required160 | None = None
    venue_id: Id | None = None
    room_id: Id | None = None
    capacity: Annotated[int, Field(ge=1, le=500)] | None = None
    creche_places: Annotated[int, Field(ge=0, le=100)] | None = None
    status: enums.RunStatus | None = None
    facilitator_ids: list[Id] | None = None


class RunOut(Schema):
    id: int
    programme_id: int
    programme_name: str = Field(..., alias="programme.name")
    name: str
    venue_id: int
    room_id: int | None
    capacity: int
    creche_places: int
    status: str
    facilitator_ids: list[int]
    funder_id: int | None = None

    @staticmethod
    def resolve_facilitator_ids(obj: Any) -> list[int]:
        return [u.pk for u in obj.facilitators.all()]


# --- Participants -------------------------------------------------------------------------------

class DemographicsIn(Schema):
    date_of_birth: dt.date | None = None
    sex: enums.Sex | None = None
    gender_same_as_sex: enums.GenderSameAsSex | None = None
    ethnic_group: enums.EthnicGroup | None = None
    ethnicity: enums.Ethnicity | None = None
    sexual_orientation: enums.SexualOrientation | None = None
    religion: enums.Religion | None = None
    marital_status: enums.MaritalStatus | None = None
    disability: enums.YesNo | None = None
    pregnant: enums.YesNo | None = None
    no_recourse_to_public_funds: enums.YesNo | None = None
    interpreter_needed: enums.YesNo | None = None
    first_language: Text60 | None = None
    locality: LocalityRef | None = None


class DemographicsOut(Schema):
    date_of_birth: dt.date | None
    sex: str
    gender_same_as_sex: str
    ethnic_group: str
    ethnicity: str
    sexual_orientation: str
    religion: str
    marital_status: str
    disability: str
    pregnant: str
    no_recourse_to_public_funds: str
    interpreter_needed: str
    first_language: str
    locality: str | None = Field(alias="locality.name", default=None)


class IdentityOut(Schema):
    legal_name: str
    address: str


class ParticipantIn(Schema):
    known_as: Required60
    legal_name: Text160 = ""
    address: Text500 = ""
    demographics: DemographicsIn = DemographicsIn()


class ParticipantUpdateIn(ParticipantIn):
    """Known-as name and identity as given; demographic answers left out stay as they are."""

    version: Text60 | None = Field(None, description="From a read: refuses an overtaken edit")


class ParticipantOut(Schema):
    """Everyone allowed sees reference and known-as name; planners also identity and
    demographics. Facilitators get null for both."""

    id: int
    reference: str
    known_as: str
    identity: IdentityOut | None = None
    demographics: DemographicsOut | None = None
    version: str | None = None

    @staticmethod
    def resolve_identity(obj: Any, context: Any) -> Any:
        if not sees_identity(context["request"].user):
            return None
        return getattr(obj, "identity", None)

    @staticmethod
    def resolve_demographics(obj: Any, context: Any) -> Any:
        if not sees_identity(context["request"].user):
            return None
        return getattr(obj, "demographics", None)

    @staticmethod
    def resolve_version(obj: Any, context: Any) -> str | None:
        """For PUT's `version` (planners only: it is a digest of the identity too)."""
        if not sees_identity(context["request"].user):
            return None
        return participant_version(obj)


# --- Referrals ----------------------------------------------------------------------------------

class ReferralIn(Schema):
    participant_id: Id
    programme_id: Id
    source: enums.ReferralSource
    referring_agency: Text160 = ""
    referred_on: dt.date
    priority: enums.Priority = enums.Priority.STANDARD
    method_of_access: enums.MethodOfAccess | None = None


class ReferralUpdateIn(Schema):
    """A correction to a referral (its programme stays: make a new referral instead)."""

    source: enums.ReferralSource
    referring_agency: Text160 = ""
    referred_on: dt.date
    priority: enums.Priority = enums.Priority.STANDARD
    version: Text60 | None = Field(None, description="From a read: refuses an overtaken edit")


class AssessmentIn(Schema):
    sessions_held: Small
    did_not_attend: Small
    outcome: enums.AssessmentOutcome
    outcome_reason: Text300 = ""
    decided_on: dt.date | None = None


class AssessmentOut(Schema):
    sessions_held: int
    did_not_attend: int
    outcome: str
    outcome_reason: str
    decided_on: dt.date | None


class ReferralOut(Schema):
    id: int
    participant_id: int
    programme_id: int
    source: str
    referring_agency: str
    referred_on: dt.date
    priority: str
    method_of_access: str
    status: str
    is_repeat: bool
    assessment: AssessmentOut | None = None
    version: str

    @staticmethod
    def resolve_version(obj: Any) -> str:
        return referral_version(obj)

    @staticmethod
    def resolve_assessment(obj: Any) -> Any:
        return getattr(obj, "assessment", None)


# --- Enrolments -----------------------------------------------------------------------------

class EnrolmentIn(Schema):
    participant_id: Id
    run_id: Id
    status: enums.EnrolmentStatus = enums.EnrolmentStatus.ENROLLED
    joined_at: AwareDatetime | None = None
    reason_code: enums.TransitionReason | None = None
    reason: Text300 = ""
    # A coordinator places someone despite a keep-apart conflict only with a reason (audited).
    override_reason: Text300 = ""
    funder_id: Id | None = Field(None, description="A commissioner's spot purchase of this place")


class TransitionIn(Schema):
    to_status: enums.EnrolmentStatus
    reason_code: enums.TransitionReason | None = None
    reason: Text300 = ""
    override_reason: Text300 = ""


class OverrideIn(Schema):
    completed: bool | None
    reason: Required300


class EnrolmentEventOut(Schema):
    from_status: str
    to_status: str
    reason_code: str
    reason: str
    by_id: int | None
    at: dt.datetime


class OutcomeOut(Schema):
    """Derived from the registers: on track, at risk (why), cannot complete (since when),
    completed (when), with sessions attended of those expected."""

    outcome: str
    label: str
    since: dt.datetime | None
    why: str
    attended: int
    expected: int
    overridden: bool


class EnrolmentOut(Schema):
    id: int
    participant_id: int
    known_as: str = Field(..., alias="participant.known_as")
    run_id: int
    status: str
    joined_at: dt.datetime
    left_at: dt.datetime | None
    completion_override: bool | None
    funder_id: int | None = None
    outcome: OutcomeOut | None = None

    @staticmethod
    def resolve_outcome(obj: Any) -> Any:
        return getattr(obj, "outcome_view", None)


# --- Waiting list -------------------------------------------------------------------------

class EntryOut(Schema):
    id: int
    programme_id: int
    participant_id: int
    known_as: str = Field(..., alias="participant.known_as")
    referral_id: int | None
    priority: str
    referred_on: dt.date
    status: str


class MoveIn(Schema):
    to_position: Annotated[int, Field(ge=1, le=100000)]
    reason: Required300


class RemoveIn(Schema):
    reason: Required300


class OfferIn(Schema):
    run_id: Id
    expires_at: AwareDatetime
    override_reason: Text300 = ""


class AcceptIn(Schema):
    override_reason: Text300 = ""


class DeclineIn(Schema):
    reason: Text300 = ""


class OfferOut(Schema):
    id: int
    entry_id: int
    enrolment_id: int
    run_id: int
    status: str
    expires_at: dt.datetime


# --- Safety ---------------------------------------------------------------------------------

class KeepApartIn(Schema):
    first_id: Id
    second_id: Id
    reason: Text200 = ""
    buffer_minutes: Annotated[int, Field(ge=0, le=1440)] = 60


class KeepApartOut(Schema):
    id: int
    person_a_id: int
    person_b_id: int
    reason: str
    buffer_minutes: int
    created_at: dt.datetime
    ended_at: dt.datetime | None


class PartnerSupportIn(Schema):
    enrolment_id: Id
    worker_id: Id


class PartnerSupportOut(Schema):
    id: int
    enrolment_id: int
    worker_id: int
    ended_at: dt.datetime | None


class PartnerStatusOut(Schema):
    """What a partner-support worker sees of the perpetrator: attendance status, no more."""

    link_id: int
    participant_reference: str
    programme: str
    status: str
    outcome: str | None
