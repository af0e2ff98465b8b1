"""When an outcome questionnaire is due: a pure rule over plain values (no ORM).

  * intake — opens when the participant joins; it should be taken before or at her first
    expected session;
  * mid-point — opens at the middle one of her expected sessions;
  * exit — opens at her last expected session, or earlier when she completes or leaves.
Nothing is due for someone who never got a place (referred, waiting, did not start…), and
after she leaves only the exit stays due (we do not chase an intake she missed).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from programmes.enums import EnrolmentStatus as S
from programmes.enums import MeasurePoint

ON_PROGRAMME = frozenset({S.ENROLLED, S.STARTED, S.COMPLETED, S.WITHDRAWN, S.REMOVED})
LEFT = frozenset({S.WITHDRAWN, S.REMOVED})


@dataclass(frozen=True)
class EnrolmentFacts:
    status: str
    joined_at: dt.datetime
    left_at: dt.datetime | None
    # Starts of the sessions she is expected at (not cancelled, not catch-ups, after joining).
    session_starts: Sequence[dt.datetime]
    # When her completion was recorded (the completion event), if she has completed.
    completed_at: dt.datetime | None = None


def opens_at(point: str, facts: EnrolmentFacts) -> dt.datetime | None:
    starts = sorted(facts.session_starts)
    if point == MeasurePoint.INTAKE:
        return facts.joined_at
    if point == MeasurePoint.MID_POINT:
        return starts[len(starts) // 2] if starts else None
    candidates = [t for t in (starts[-1] if starts else None, facts.left_at,
                              facts.completed_at) if t is not None]
    return min(candidates) if candidates else None


def is_due(point: str, facts: EnrolmentFacts, *, now: dt.datetime) -> bool:
    """Has this point's questionnaire opened (and is it still worth asking)?"""
    if facts.status not in ON_PROGRAMME:
        return False
    opened = opens_at(point, facts)
    if opened is None or opened > now:
        return False
    return facts.status not in LEFT or point == MeasurePoint.EXIT


def improved(*, intake: int, exit: int, higher_is_better: bool) -> bool:
    return exit > intake if higher_is_better else exit < intake


def change(*, intake: int, exit: int, higher_is_better: bool) -> int:
    """Distance travelled, signed so that a positive number is always an improvement."""
    return exit - intake if higher_is_better else intake - exit
