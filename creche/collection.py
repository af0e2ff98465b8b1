"""Pure rule: may this adult collect this child? (A child must never go to the wrong adult.)

Names are compared ignoring case, accents, spacing and punctuation, so
"Jo  Smith" and "jo smith." are the same person at the door. A never-collect match always wins,
even over an authorised entry with the same name: staff stop and call the coordinator.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

NEVER_COLLECT_MESSAGE = ("This adult must not collect this child. Do not release the child; "
                         "keep them in the crèche and call the coordinator.")
NOT_AUTHORISED_MESSAGE = ("This adult is not on the child's list of authorised collectors. "
                          "Do not release the child; call the coordinator.")
WRONG_PASSWORD_MESSAGE = ("The collection password does not match. Do not release the child; "
                          "call the coordinator.")


def normalise_name(name: str) -> str:
    # Upper-casing first folds letters casefold() keeps apart (dotless ı, Greek iota forms).
    decomposed = unicodedata.normalize("NFKD", name.upper().casefold())
    letters = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w\s]", " ", letters).split())


@dataclass(frozen=True)
class Collector:
    key: int
    name: str
    password: str = ""


def collection_refusal(*, collected_by: str, password: str, authorised: Iterable[Collector],
                       never_collect: Iterable[str]) -> tuple[str | None, Collector | None]:
    """(refusal message, None) or (None, the authorised collector who matched)."""
    wanted = normalise_name(collected_by)
    if not wanted:
        return NOT_AUTHORISED_MESSAGE, None
    if wanted in {normalise_name(n) for n in never_collect if normalise_name(n)}:
        return NEVER_COLLECT_MESSAGE, None
    match = next((c for c in authorised if normalise_name(c.name) == wanted), None)
    if match is None:
        return NOT_AUTHORISED_MESSAGE, None
    if match.password and normalise_name(match.password) != normalise_name(password):
        return WRONG_PASSWORD_MESSAGE, None
    return None, match
