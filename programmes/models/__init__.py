from programmes.models.catalogue import ProgrammeType, Topic
from programmes.models.enrolments import Enrolment, EnrolmentEvent
from programmes.models.participants import Demographics, Participant, ParticipantIdentity
from programmes.models.runs import GroupRun
from programmes.models.safety import KeepApartLink

__all__ = [
    "Demographics",
    "Enrolment",
    "EnrolmentEvent",
    "GroupRun",
    "KeepApartLink",
    "Participant",
    "ParticipantIdentity",
    "ProgrammeType",
    "Topic",
]
