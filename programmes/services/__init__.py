"""Every change of state in the programmes app goes through these functions."""

from programmes.services.capacity import lock_run_with_place, places_taken
from programmes.services.catalogue import (
    programme_create,
    programme_set_topics,
    programme_update,
    run_create,
    run_update,
)
from programmes.services.enrolments import enrolment_create, enrolment_transition
from programmes.services.outcomes import (
    enrolment_override_completion,
)
from programmes.services.participants import (
    demographics_update,
    participant_create,
    participant_update,
    participant_version,
)
from programmes.services.referrals import (
    assessment_record,
    is_repeat_referral,
    referral_create,
    referral_update,
    referral_version,
)
from programmes.services.safety import (
    keep_apart_add,
    keep_apart_create,
    keep_apart_end,
    partner_support_link_create,
    partner_support_link_end,
)
from programmes.services.waiting_list import (
    offer_accept,
    offer_decline,
    offers_expire,
    place_offer,
    waiting_list_add,
    waiting_list_move,
    waiting_list_remove,
)

__all__ = [
    "assessment_record",
    "demographics_update",
    "enrolment_create",
    "enrolment_override_completion",
    "enrolment_transition",
    "is_repeat_referral",
    "keep_apart_add",
    "keep_apart_create",
    "keep_apart_end",
    "lock_run_with_place",
    "offer_accept",
    "offer_decline",
    "offers_expire",
    "partner_support_link_create",
    "partner_support_link_end",
    "place_offer",
    "places_taken",
    "participant_create",
    "participant_update",
    "participant_version",
    "programme_create",
    "programme_set_topics",
    "programme_update",
    "referral_create",
    "referral_update",
    "referral_version",
    "run_create",
    "run_update",
    "waiting_list_add",
    "waiting_list_move",
    "waiting_list_remove",
]
