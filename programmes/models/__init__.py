from programmes.models.catalogue import ProgrammeType, Topic
from programmes.models.enrolments import Enrolment, EnrolmentEvent
from programmes.models.measures import (
    Answer,
    Question,
    QuestionChoice,
    Questionnaire,
    QuestionnaireAttachment,
    QuestionnaireResponse,
)
from programmes.models.participants import Demographics, Participant, ParticipantIdentity
from programmes.models.referrals import Assessment, Referral
from programmes.models.runs import GroupRun
from programmes.models.safety import KeepApartLink, PartnerSupportLink, PlacementOverride
from programmes.models.voice import (
    CommentTheme,
    EnrolmentNextStep,
    Feedback,
    NamedFeedback,
    ServiceComment,
)
from programmes.models.waiting import PlaceOffer, WaitingListEntry, WaitingListMove

__all__ = [
    "CommentTheme",
    "EnrolmentNextStep",
    "Feedback",
    "NamedFeedback",
    "ServiceComment",
    "Answer",
    "Question",
    "QuestionChoice",
    "Questionnaire",
    "QuestionnaireAttachment",
    "QuestionnaireResponse",
    "Assessment",
    "PartnerSupportLink",
    "PlacementOverride",
    "PlaceOffer",
    "Referral",
    "WaitingListEntry",
    "WaitingListMove",
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
