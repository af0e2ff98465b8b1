"""Population figures for reach: how many residents of each locality fall in each category
of sex, age, ethnic group and disability, as the provider gives them (e.g. the ONS Census
2021 tables for each district). Public statistics, never personal data.

The manager's dashboard sets the quarter's starters against them: starters per 10,000
residents in each category (attendance.dashboard). The categories are the ones the return's
equality tables print, so a figure always meets the count it is divided into. A
characteristic's figures for a locality are given whole (every category) or not at all: a
rate over part of a population would mislead. The whole provider's population is the sum
over its listed localities, and is used only once every listed locality has given it.

Every entrance (the population pages, the admin read-only, demo data) writes through
`population_set`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from attendance.models import PopulationCharacteristic, PopulationFigure
from attendance.reports import AGE_BANDS, ETHNIC_GROUPS
from programmes import enums
from scheduler.models import Locality, User

MAX_RESIDENTS = 20_000_000  # more than any UK local authority by far: a typing slip


def _answers(choices: type[models.TextChoices]) -> list[str]:
    return [label for value, label in choices.choices if value not in enums.NON_ANSWER_VALUES]


@dataclass(frozen=True)
class Reach:
    key: PopulationCharacteristic
    title: str  # the title of the return's equality table it meets
    categories: list[str]


REACH = [
    Reach(PopulationCharacteristic.SEX, "Sex", _answers(enums.Sex)),
    Reach(PopulationCharacteristic.AGE, "Age at start", [band[2] for band in AGE_BANDS]),
    Reach(PopulationCharacteristic.ETHNIC_GROUP, "Ethnic group", list(ETHNIC_GROUPS.values())),
    Reach(PopulationCharacteristic.DISABILITY, "Disability", _answers(enums.YesNo)),
]
REACH_BY_KEY = {r.key.value: r for r in REACH}


def reach_of(characteristic: str) -> Reach:
    try:
        return REACH_BY_KEY[characteristic]
    except KeyError:
        raise ValidationError({"characteristic": "Not a characteristic the dashboard sets "
                                                 "against population."}) from None


@transaction.atomic
def population_set(*, locality: Locality, characteristic: str,
                   residents: Mapping[str, int | None], source: str = "",
                   by: User) -> list[PopulationFigure]:
    """Replace a locality's figures for one characteristic. `residents`: category label →
    residents; every category blank clears the characteristic. Field errors are keyed by
    the category label (or "source", "locality")."""
    reach = reach_of(characteristic)
    if locality.unmatched:
        raise ValidationError({"locality": "Resolve an unmatched locality before giving its "
                                           "population."})
    unknown = set(residents) - set(reach.categories)
    if unknown:
        raise ValidationError({"category": f"Not a category of {reach.title.lower()}."})
    given = {c: residents.get(c) for c in reach.categories}
    errors: dict[str, str] = {}
    for category, value in given.items():
        if value is not None and not 0 <= value <= MAX_RESIDENTS:
            errors[category] = f"Give a number from 0 to {MAX_RESIDENTS:,}."
    if errors:
        raise ValidationError(errors)
    blank = [c for c, v in given.items() if v is None]
    if blank and len(blank) < len(given):
        raise ValidationError(dict.fromkeys(blank, "Give every category, or leave them all "
                                                   "blank."))
    if not blank and not any(given.values()):
        raise ValidationError({reach.categories[0]: "A population of nobody: give the "
                                                     "residents, or leave them all blank."})
    source = " ".join(source.split())
    if len(source) > 120:
        raise ValidationError({"source": "At most 120 characters."})
    PopulationFigure.objects.filter(locality=locality, characteristic=reach.key).delete()
    if blank:
        return []  # every category blank: the characteristic is cleared
    now = timezone.now()
    return PopulationFigure.objects.bulk_create([
        PopulationFigure(locality=locality, characteristic=reach.key, category=c,
                         residents=v or 0, source=source, updated_at=now, updated_by=by)
        for c, v in given.items()])


@dataclass(frozen=True)
class AreaPopulation:
    """The provider's whole area for one characteristic: residents by category (summed over
    every listed locality), or the listed localities that have not given it."""

    reach: Reach
    residents: dict[str, int]
    missing: list[str]
    sources: list[str]

    @property
    def complete(self) -> bool:
        return not self.missing and sum(self.residents.values()) > 0


def area_populations() -> dict[str, AreaPopulation]:
    """Characteristic key → the whole area's population. Two queries (a provider's figures
    are a few hundred rows at most: its localities × the categories)."""
    listed = dict(Locality.objects.filter(unmatched=False).values_list("pk", "name"))
    sums: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    given: dict[str, set[int]] = defaultdict(set)
    sources: dict[str, set[str]] = defaultdict(set)
    for key, locality_id, category, residents, source in (
            PopulationFigure.objects.filter(locality_id__in=list(listed))
            .values_list("characteristic", "locality_id", "category", "residents", "source")):
        sums[key][category] += residents
        given[key].add(locality_id)
        if source:
            sources[key].add(source)
    return {r.key.value: AreaPopulation(
        r, {c: sums[r.key.value][c] for c in r.categories},
        sorted(name for pk, name in listed.items() if pk not in given[r.key.value]),
        sorted(sources[r.key.value])) for r in REACH}


def localities_given(ids: list[int]) -> dict[int, list[str]]:
    """Locality id → the characteristics (labels) it has given figures for, for these
    localities (a page of them). One query."""
    labels = dict(PopulationCharacteristic.choices)
    out: dict[int, list[str]] = defaultdict(list)
    for locality_id, key in (PopulationFigure.objects.filter(locality_id__in=ids)
                             .values_list("locality_id", "characteristic")
                             .distinct().order_by("locality_id", "characteristic")):
        out[locality_id].append(labels[key])
    return out
