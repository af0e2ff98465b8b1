"""Demo participants for a fictional provider: people, referrals, a waiting list, a keep-apart
link. No runs or sessions (load_demo_data makes those and enrols these people).

Safe to run twice: participants are looked up by their (fictional, unique) known-as name,
referrals by participant and programme. Index ranges matter to scheduler/demo_runs.py:
0–12 women (Freedom, Recovery Toolkit), 13–17 men (perpetrator programme), 18–19 young
people, 20–24 only on waiting lists or in assessment.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from programmes import enums
from programmes.enums import (
    AssessmentOutcome,
    MethodOfAccess,
    Priority,
    ReferralSource,
    ReferralStatus,
)
from programmes.models import KeepApartLink, Participant, ProgrammeType, Referral
from programmes.services import (
    assessment_record,
    keep_apart_create,
    participant_create,
    referral_create,
)
from scheduler.demo.staff import seed_staff
from scheduler.models import User

WOMEN = ["Willow", "Hazel", "Juniper", "Saffron", "Clover", "Marigold", "Poppy", "Rosemary",
         "Bryony", "Sorrel", "Tansy", "Yarrow", "Linden"]
MEN = ["Basalt", "Flint", "Granite", "Slate", "Quartz"]
YOUNG = ["Comet", "Nebula"]
WAITING = ["Primrose", "Aster", "Fennel", "Heather", "Gravel"]

ETHNICITIES = ["white_british", "asian_pakistani", "black_caribbean", "mixed_white_asian",
               "white_other", "asian_indian", "black_african", "prefer_not", "not_asked",
               "other_arab", "white_gypsy_traveller", "unknown"]
RELIGIONS = ["none", "christian", "muslim", "prefer_not", "hindu", "sikh", "not_asked"]
ORIENTATIONS = ["heterosexual", "gay_lesbian", "bisexual", "prefer_not", "not_asked"]
LOCALITIES = ["Leicester City", "Charnwood", "Rutland"]  # on the list seeded by migration


def _answers(index: int, sex: str, age: int) -> dict[str, Any]:
    today = timezone.localdate()
    return {
        "date_of_birth": dt.date(today.year - age, 1 + index % 12, 1 + index % 27),
        "sex": sex,
        "gender_same_as_sex": ["yes", "yes", "yes", "no", "prefer_not", "not_asked"][index % 6],
        "ethnicity": ETHNICITIES[index % len(ETHNICITIES)],
        "religion": RELIGIONS[index % len(RELIGIONS)],
        "sexual_orientation": ORIENTATIONS[index % len(ORIENTATIONS)],
        "disability": ["no", "yes", "no", "prefer_not", "unknown"][index % 5],
        "no_recourse_to_public_funds": "yes" if index % 9 == 4 else "no",
        "interpreter_needed": "yes" if index % 7 == 3 else "not_asked",
        "first_language": ["English", "Urdu", "Polish", "English", "Gujarati"][index % 5],
        "locality": LOCALITIES[index % len(LOCALITIES)],
    }


def _people() -> list[tuple[str, str, int]]:
    """(known-as, sex, age) in the order demo_runs expects."""
    people: list[tuple[str, str, int]] = [
        (n, enums.Sex.FEMALE, 24 + 3 * i) for i, n in enumerate(WOMEN)]
    people += [(n, enums.Sex.MALE, 27 + 4 * i) for i, n in enumerate(MEN)]
    people += [(YOUNG[0], enums.Sex.MALE, 15), (YOUNG[1], enums.Sex.FEMALE, 16)]
    people += [(n, enums.Sex.FEMALE, 30 + i) for i, n in enumerate(WAITING[:4])]
    people.append((WAITING[4], enums.Sex.MALE, 38))
    return people


def _participant(index: int, name: str, sex: str, age: int) -> Participant:
    known_as = f"{name} Demo"
    existing = Participant.objects.filter(known_as=known_as).first()
    if existing is not None:
        return existing
    return participant_create(known_as=known_as, legal_name=f"{name} Example-Person",
                              address=f"{index + 1} Fictional Row, Exampletown",
                              demographics=_answers(index, sex, age))


def _referral(participant: Participant, slug: str, days_ago: int, **kwargs: Any) -> Referral:
    programme = ProgrammeType.objects.get(slug=slug)
    found = Referral.objects.filter(participant=participant, programme=programme).first()
    if found is not None:
        return found
    return referral_create(participant=participant, programme=programme,
                           referred_on=timezone.localdate() - dt.timedelta(days=days_ago),
                           method_of_access=_demo_method(days_ago), **kwargs)


DEMO_METHODS = [MethodOfAccess.HELPLINE, MethodOfAccess.WEB, MethodOfAccess.AGENCY,
                MethodOfAccess.DROP_IN, MethodOfAccess.EMAIL, MethodOfAccess.TEXT]


def _demo_method(days_ago: int) -> str:
    """A spread of methods of access for the demo's quarterly counts."""
    return DEMO_METHODS[days_ago % len(DEMO_METHODS)]


def _referrals(people: list[Participant], by: User) -> list[Referral]:
    primrose, aster, fennel, heather, gravel = people[20:25]
    old = Referral.objects.get_or_create(  # last spring: makes Primrose's new one a repeat
        participant=primrose, programme=ProgrammeType.objects.get(slug="recovery-toolkit"),
        defaults={"source": ReferralSource.HEALTH, "status": ReferralStatus.CLOSED,
                  "referred_on": timezone.localdate() - dt.timedelta(days=200)})[0]
    made = [old,
            _referral(primrose, "freedom-programme", 20, source=ReferralSource.HEALTH, by=by),
            _referral(aster, "freedom-programme", 30, source=ReferralSource.POLICE,
                      priority=Priority.HIGH, by=by),
            _referral(fennel, "freedom-programme", 12, source=ReferralSource.SELF, by=by),
            _referral(heather, "recovery-toolkit", 9, source=ReferralSource.SOCIAL_CARE, by=by),
            _referral(gravel, "perpetrator-programme", 25, source=ReferralSource.OTHER_AGENCY,
                      referring_agency="Example Probation Service", by=by)]
    assessment = made[-1].assessment
    if assessment.outcome == AssessmentOutcome.PENDING and assessment.sessions_held == 0:
        assessment_record(assessment=assessment, sessions_held=1, did_not_attend=1,
                          outcome=AssessmentOutcome.PENDING, by=by)
    return made + _referrals_of_enrolled(people, by)


def _referrals_of_enrolled(people: list[Participant], by: User) -> list[Referral]:
    """The Recovery Toolkit and the perpetrator programme need a suitable assessment, the
    young people's toolkit a referral, before demo_runs enrols anyone on them."""
    sources = [ReferralSource.POLICE, ReferralSource.SELF, ReferralSource.SOCIAL_CARE]
    assessed = [(p, "recovery-toolkit") for p in people[8:13]]
    assessed += [(p, "perpetrator-programme") for p in people[13:18]]
    made = []
    for index, (person, slug) in enumerate(assessed):
        referral = _referral(person, slug, 90 - 5 * index, source=sources[index % 3], by=by)
        if referral.assessment.outcome == AssessmentOutcome.PENDING:
            assessment_record(assessment=referral.assessment, sessions_held=1 + index % 3,
                              did_not_attend=index % 2, outcome=AssessmentOutcome.SUITABLE,
                              by=by)
        made.append(referral)
    made += [_referral(person, "respect-young-peoples-toolkit", 40,
                       source=ReferralSource.EDUCATION, by=by) for person in people[18:20]]
    return made


@transaction.atomic
def seed_demo(*, by: User | None = None) -> dict[str, Any]:
    if by is None:
        by = seed_staff()["coordinator"]
    people = [_participant(i, *person) for i, person in enumerate(_people())]
    referrals = _referrals(people, by)
    # Hazel (Freedom) and Flint (perpetrator programme) must never be booked close together.
    link: KeepApartLink = keep_apart_create(first=people[1], second=people[14],
                                            reason="Demo: former partners", by=by)
    return {"participants": people, "referrals": referrals, "keep_apart": [link]}
