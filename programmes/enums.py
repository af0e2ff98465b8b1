"""Choices for programmes, participants and enrolments."""

from django.db import models


class Audience(models.TextChoices):
    WOMEN = "women", "Women"
    MEN = "men", "Men"
    MIXED = "mixed", "Mixed"
    YOUNG_PEOPLE = "young_people", "Young people"
    PARENTS = "parents", "Parents"
    PRACTITIONERS = "practitioners", "Practitioners"
    PUBLIC = "public", "Public"


class Delivery(models.TextChoices):
    CLOSED_COHORT = "closed", "Closed cohort"
    ROLLING = "rolling", "Rolling"
    DROP_IN = "drop_in", "Drop-in"
    ONE_OFF = "one_off", "One-off"
    ONE_TO_ONE = "one_to_one", "One-to-one"


class OutputCategory(models.TextChoices):
    """How commissioners count a programme (seed 000, section 8 "Key Outputs")."""

    FREEDOM = "freedom", "Freedom Programme"
    RECOVERY_TOOLKIT = "recovery_toolkit", "Recovery Toolkit"
    RESPECT = "respect", "Respect toolkit"
    PERPETRATOR = "perpetrator", "Perpetrator programme"
    DROP_IN = "drop_in", "Drop-in"
    TRAINING = "training", "Training & awareness"
    COMMUNITY_EVENT = "community_event", "Community event"
    OTHER = "other", "Other"


class RunStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    OPEN = "open", "Open for enrolment"
    RUNNING = "running", "Running"
    FINISHED = "finished", "Finished"
    CANCELLED = "cancelled", "Cancelled"


class EnrolmentStatus(models.TextChoices):
    REFERRED = "referred", "Referred"
    ASSESSED = "assessed", "Assessed"
    WAITING = "waiting", "Waiting"
    OFFERED = "offered", "Offered"
    ENROLLED = "enrolled", "Enrolled"
    STARTED = "started", "Started"
    COMPLETED = "completed", "Completed"
    WITHDRAWN = "withdrawn", "Withdrawn"
    REMOVED = "removed", "Removed"
    DID_NOT_START = "did_not_start", "Did not start"
    UNSUITABLE = "unsuitable", "Unsuitable"


# Every demographic question is optional; these three answers are kept distinct.
NOT_ASKED = ("not_asked", "Not asked")
PREFER_NOT = ("prefer_not", "Prefer not to say")
UNKNOWN = ("unknown", "Unknown")


class Sex(models.TextChoices):
    FEMALE = "female", "Female"
    MALE = "male", "Male"
    NOT_ASKED = NOT_ASKED
    PREFER_NOT = PREFER_NOT
    UNKNOWN = UNKNOWN


class GenderSameAsSex(models.TextChoices):
    """ONS 2021: is the gender you identify with the same as your sex registered at birth?"""

    YES = "yes", "Yes"
    NO = "no", "No"
    NOT_ASKED = NOT_ASKED
    PREFER_NOT = PREFER_NOT
    UNKNOWN = UNKNOWN


class YesNo(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    NOT_ASKED = NOT_ASKED
    PREFER_NOT = PREFER_NOT
    UNKNOWN = UNKNOWN


class EthnicGroup(models.TextChoices):
    """GOV.UK / ONS 2021: the ethnic group is asked first, then the background within it."""

    ASIAN = "asian", "Asian or Asian British"
    BLACK = "black", "Black, Black British, Caribbean or African"
    MIXED = "mixed", "Mixed or multiple ethnic groups"
    WHITE = "white", "White"
    OTHER = "other", "Other ethnic group"
    NOT_ASKED = NOT_ASKED
    PREFER_NOT = PREFER_NOT
    UNKNOWN = UNKNOWN


NON_ANSWER_VALUES = frozenset(value for value, _ in (NOT_ASKED, PREFER_NOT, UNKNOWN))


def ethnic_group_counted(*, ethnic_group: str, ethnicity: str) -> str:
    """The ethnic group a person is counted in (an EthnicGroup value): the group they gave,
    whatever they said of the background within it — a group with "prefer not to say" for
    the background is that group. Only when no group was given does the background answer:
    its group (the prefix), or its non-answer when the group was never asked (records from
    before the group was asked first)."""
    if ethnicity in NON_ANSWER_VALUES:
        return ethnicity if ethnic_group == NOT_ASKED[0] else ethnic_group
    if ethnic_group in NON_ANSWER_VALUES:
        return ethnicity.split("_", 1)[0]
    return ethnic_group


class Ethnicity(models.TextChoices):
    """ONS Census 2021: 19 categories in 5 groups (the group is the prefix)."""

    ASIAN_BANGLADESHI = "asian_bangladeshi", "Asian: Bangladeshi"
    ASIAN_CHINESE = "asian_chinese", "Asian: Chinese"
    ASIAN_INDIAN = "asian_indian", "Asian: Indian"
    ASIAN_PAKISTANI = "asian_pakistani", "Asian: Pakistani"
    ASIAN_OTHER = "asian_other", "Asian: Any other Asian background"
    BLACK_AFRICAN = "black_african", "Black: African"
    BLACK_CARIBBEAN = "black_caribbean", "Black: Caribbean"
    BLACK_OTHER = "black_other", "Black: Any other Black, Black British or Caribbean background"
    MIXED_WHITE_ASIAN = "mixed_white_asian", "Mixed: White and Asian"
    MIXED_WHITE_BLACK_AFRICAN = "mixed_white_black_african", "Mixed: White and Black African"
    MIXED_WHITE_BLACK_CARIBBEAN = "mixed_white_black_caribbean", "Mixed: White and Black Caribbean"
    MIXED_OTHER = "mixed_other", "Mixed: Any other Mixed or multiple ethnic background"
    WHITE_BRITISH = "white_british", "White: English, Welsh, Scottish, Northern Irish or British"
    WHITE_IRISH = "white_irish", "White: Irish"
    WHITE_GYPSY_TRAVELLER = "white_gypsy_traveller", "White: Gypsy or Irish Traveller"
    WHITE_ROMA = "white_roma", "White: Roma"
    WHITE_OTHER = "white_other", "White: Any other White background"
    OTHER_ARAB = "other_arab", "Other: Arab"
    OTHER_ANY = "other_any", "Other: Any other ethnic group"
    NOT_ASKED = NOT_ASKED
    PREFER_NOT = PREFER_NOT
    UNKNOWN = UNKNOWN


class SexualOrientation(models.TextChoices):
    HETEROSEXUAL = "heterosexual", "Straight or heterosexual"
    GAY_LESBIAN = "gay_lesbian", "Gay or lesbian"
    BISEXUAL = "bisexual", "Bisexual"
    OTHER = "other", "Other sexual orientation"
    NOT_ASKED = NOT_ASKED
    PREFER_NOT = PREFER_NOT
    UNKNOWN = UNKNOWN


class Religion(models.TextChoices):
    NONE = "none", "No religion"
    CHRISTIAN = "christian", "Christian"
    BUDDHIST = "buddhist", "Buddhist"
    HINDU = "hindu", "Hindu"
    JEWISH = "jewish", "Jewish"
    MUSLIM = "muslim", "Muslim"
    SIKH = "sikh", "Sikh"
    OTHER = "other", "Any other religion"
    NOT_ASKED = NOT_ASKED
    PREFER_NOT = PREFER_NOT
    UNKNOWN = UNKNOWN


class MaritalStatus(models.TextChoices):
    SINGLE = "single", "Never married or in a civil partnership"
    MARRIED = "married", "Married or in a civil partnership"
    SEPARATED = "separated", "Separated"
    DIVORCED = "divorced", "Divorced or civil partnership dissolved"
    WIDOWED = "widowed", "Widowed or surviving civil partner"
    NOT_ASKED = NOT_ASKED
    PREFER_NOT = PREFER_NOT
    UNKNOWN = UNKNOWN


class ReferralSource(models.TextChoices):
    SELF = "self", "Self-referral"
    POLICE = "police", "Police"
    SOCIAL_CARE = "social_care", "Children's or adult social care"
    HEALTH = "health", "Health"
    EDUCATION = "education", "Education"
    MARAC = "marac", "MARAC"
    OTHER_AGENCY = "other_agency", "Other agency"
    # Made by the next-step service when she moves on to another of our programmes.
    FOLLOW_ON = "follow_on", "Follow-on from our own programme"


class Priority(models.TextChoices):
    """Waiting-list order: higher risk first. The integer rank is `PRIORITY_RANK`."""

    HIGH = "high", "High risk"
    STANDARD = "standard", "Standard"


PRIORITY_RANK = {Priority.HIGH: 0, Priority.STANDARD: 1}


class ReferralStatus(models.TextChoices):
    OPEN = "open", "Open"
    ASSESSMENT = "assessment", "In assessment"
    WAITING = "waiting", "On waiting list"
    CLOSED = "closed", "Closed"


class AssessmentOutcome(models.TextChoices):
    PENDING = "pending", "Pending"
    SUITABLE = "suitable", "Suitable"
    UNSUITABLE = "unsuitable", "Unsuitable"


class EntryStatus(models.TextChoices):
    WAITING = "waiting", "Waiting"
    OFFERED = "offered", "Offered a place"
    PLACED = "placed", "Placed"
    REMOVED = "removed", "Removed"


class OfferStatus(models.TextChoices):
    OPEN = "open", "Open"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    EXPIRED = "expired", "Expired"


class TransitionReason(models.TextChoices):
    """Why an enrolment changed status: a list for reports, plus free text on each event."""

    DERIVED_FROM_REGISTER = "derived_from_register", "Derived from register"
    REFERRAL_RECEIVED = "referral_received", "Referral received"
    ASSESSMENT_SUITABLE = "assessment_suitable", "Assessed as suitable"
    ASSESSMENT_UNSUITABLE = "assessment_unsuitable", "Assessed as unsuitable"
    ADDED_TO_WAITING_LIST = "added_to_waiting_list", "Added to waiting list"
    PLACE_OFFERED = "place_offered", "Place offered"
    OFFER_ACCEPTED = "offer_accepted", "Offer accepted"
    OFFER_DECLINED = "offer_declined", "Offer declined"
    OFFER_EXPIRED = "offer_expired", "Offer expired"
    ENROLLED_DIRECTLY = "enrolled_directly", "Enrolled directly"
    PARTICIPANT_CHOICE = "participant_choice", "Participant's choice"
    CHILDCARE_OR_WORK = "childcare_or_work", "Childcare, work or caring commitments"
    MOVED_AWAY = "moved_away", "Moved away"
    HEALTH = "health", "Health"
    SAFETY_RISK = "safety_risk", "Safety risk"
    NO_CONTACT = "no_contact", "Could not be contacted"
    ATTENDANCE_POLICY = "attendance_policy", "Attendance policy breached"
    GROUP_AGREEMENT = "group_agreement", "Breach of group agreement"
    NEVER_ATTENDED = "never_attended", "Never attended"
    COMPLETION_OVERRIDE = "completion_override", "Completion overridden by coordinator"
    OTHER = "other", "Other"


class MeasurePoint(models.TextChoices):
    """When an outcome questionnaire is asked (seed 000: "intake, review and exit")."""

    INTAKE = "intake", "Intake"
    MID_POINT = "mid_point", "Mid-point"
    EXIT = "exit", "Exit"


class QuestionKind(models.TextChoices):
    SCALE = "scale", "Scale"
    CHOICE = "choice", "Choices"


class ResponseStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", "Being taken"
    TAKEN = "taken", "Taken"
    DECLINED = "declined", "Declined"


class ResponseMode(models.TextChoices):
    """How answers reached us. Never SMS or an emailed link: an abuser may read them."""

    TABLET = "tablet", "On the tablet"
    PAPER = "paper", "Entered by staff from paper"


class MethodOfAccess(models.TextChoices):
    """How a referral came in (seed 003: "method of access"), reported by quarter."""

    TEXT = "text", "Text message"
    WEB = "web", "Website"
    DROP_IN = "drop_in", "Drop-in"
    HELPLINE = "helpline", "Helpline"
    EMAIL = "email", "Email"
    AGENCY = "agency", "Referred by an agency"
    FOLLOW_ON = "follow_on", "Follow-on from one of our programmes"
    OTHER = "other", "Other"


class NextStep(models.TextChoices):
    """Where she goes when she completes or leaves (seeds 001 and 004)."""

    FOLLOW_ON_GROUP = "follow_on_group", "Follow-on group"
    ONE_TO_ONE = "one_to_one", "One-to-one support"
    AFTERCARE = "aftercare", "Aftercare or befriending"
    SIGNPOSTED = "signposted", "Signposted to another service"
    NONE = "none", "None"


class FeedbackRating(models.IntegerChoices):
    """End-of-programme feedback: one fixed 1–5 scale, so quarters and groups compare."""

    VERY_POOR = 1, "1 · Not good at all"
    POOR = 2, "2 · Not very good"
    OKAY = 3, "3 · Okay"
    GOOD = 4, "4 · Good"
    VERY_GOOD = 5, "5 · Very good"


class CommentKind(models.TextChoices):
    COMPLAINT = "complaint", "Complaint"
    COMPLIMENT = "compliment", "Compliment"


class CommentChannel(models.TextChoices):
    IN_PERSON = "in_person", "In person"
    PHONE = "phone", "Phone"
    EMAIL = "email", "Email"
    LETTER = "letter", "Letter"
    FEEDBACK_FORM = "feedback_form", "Feedback form"
    THIRD_PARTY = "third_party", "Through another person or agency"
    OTHER = "other", "Other"


class CommentStatus(models.TextChoices):
    """Derived from the dates, never stored: received → acknowledged → resolved."""

    RECEIVED = "received", "Awaiting acknowledgement"
    ACKNOWLEDGED = "acknowledged", "Acknowledged"
    RESOLVED = "resolved", "Resolved"


class CommentOutcome(models.TextChoices):
    UPHELD = "upheld", "Upheld"
    PARTLY_UPHELD = "partly_upheld", "Partly upheld"
    NOT_UPHELD = "not_upheld", "Not upheld"
    WITHDRAWN = "withdrawn", "Withdrawn"
    PASSED_ON = "passed_on", "Passed on to the staff named"


COMPLAINT_OUTCOMES = (CommentOutcome.UPHELD, CommentOutcome.PARTLY_UPHELD,
                      CommentOutcome.NOT_UPHELD, CommentOutcome.WITHDRAWN)
COMPLIMENT_OUTCOMES = (CommentOutcome.PASSED_ON,)
