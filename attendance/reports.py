"""The published quarterly return: aggregates only, people counts small-cell suppressed.

Counts of people (starters, completers, their equality tables, drop-in attendances) go
through attendance.disclosure; counts of groups, sessions and venues are not about people
and are shown as they are. Nothing here names or identifies a participant.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from attendance.disclosure import WITHHELD, small_marker, suppress_breakdown, suppress_grid
from attendance.scope import SCOPE_NOTE
from attendance.statistics import Person, QuarterlyFigures, age_on
from attendance.tables import Breakdown, Figure, Grid, Section
from programmes import enums
from programmes.enums import OutputCategory

GROUP_CATEGORIES = [OutputCategory.FREEDOM, OutputCategory.RECOVERY_TOOLKIT,
                    OutputCategory.RESPECT, OutputCategory.PERPETRATOR, OutputCategory.OTHER]
NOT_RECORDED = "Not recorded"
AGE_BANDS = [(0, 15, "Under 16"), (16, 25, "16–25"), (26, 35, "26–35"), (36, 45, "36–45"),
             (46, 59, "46–59"), (60, 200, "60 and over")]
# Young people's programmes (Respect) are reported in their own bands.
YOUNG_AGE_BANDS = [(0, 12, "Under 13"), (13, 18, "13–18"), (19, 200, "19 and over")]
# The GOV.UK / ONS 2021 five groups, in the order the equality questions ask them.
ETHNIC_GROUPS = {g.value: g.label for g in enums.EthnicGroup
                 if g.value not in enums.NON_ANSWER_VALUES}
# Bumped whenever a definition below changes: a published return records the one it used.
DEFINITIONS_VERSION = "2026.4"  # 2026.4: the ethnic group table counts the group given
NON_ANSWERS = [label for value, label in (enums.NOT_ASKED, enums.PREFER_NOT, enums.UNKNOWN)]


@dataclass(frozen=True)
class QuarterlyReport:
    quarter: str
    financial_year: str
    first_day: dt.date
    last_day: dt.date
    threshold: int
    definitions_version: str
    headlines: list[Figure]
    groups_started: Breakdown
    groups_completed: Breakdown
    training_locations: Breakdown
    starters_by_locality: Grid
    completers_by_locality: Grid
    starters_equality: list[Breakdown]
    completers_equality: list[Breakdown]
    sections: list[Section]
    notes: list[str]
    cut: str = ""  # the lot, locality or funder this return is cut to; "" for the whole


def _answer(person: Person, name: str) -> str:
    return getattr(person.demographics, name, "not_asked") if person.demographics else "not_asked"


def _choice(choices: type[models.TextChoices], name: str,
            title: str | None = None) -> Characteristic:
    lookup = dict(choices.choices)
    return Characteristic(title or name.replace("_", " ").capitalize(), list(lookup.values()),
                          lambda p: lookup.get(_answer(p, name), NOT_RECORDED))


def age_band(person: Person, bands: Sequence[tuple[int, int, str]] = AGE_BANDS) -> str:
    age = age_on(person.demographics.date_of_birth if person.demographics else None,
                 person.start)
    if age is None:
        return NOT_RECORDED
    return next((label for low, high, label in bands if low <= age <= high), NOT_RECORDED)


ETHNIC_GROUP_LABELS = dict(enums.EthnicGroup.choices)  # once: `.choices` is a new list per call


def ethnic_group(person: Person) -> str:
    """The group the person gave (Demographics.ethnic_group, asked first), not read off the
    background: a group with "prefer not to say" for the background counts in the group."""
    value = enums.ethnic_group_counted(ethnic_group=_answer(person, "ethnic_group"),
                                       ethnicity=_answer(person, "ethnicity"))
    return ETHNIC_GROUP_LABELS[value]


def locality(person: Person) -> str:
    found = person.demographics.locality if person.demographics else None
    return found if found is not None else NOT_RECORDED


@dataclass(frozen=True)
class Characteristic:
    title: str
    categories: list[str]
    of: Callable[[Person], str]


def characteristics(bands: Sequence[tuple[int, int, str]] = AGE_BANDS) -> list[Characteristic]:
    return [
        _choice(enums.Sex, "sex"),
        _choice(enums.GenderSameAsSex, "gender_same_as_sex",
                "Gender same as sex registered at birth"),
        Characteristic("Age at start", [b[2] for b in bands] + [NOT_RECORDED],
                       lambda p: age_band(p, bands)),
        Characteristic("Ethnic group", list(ETHNIC_GROUPS.values()) + NON_ANSWERS, ethnic_group),
        _choice(enums.Ethnicity, "ethnicity"),
        _choice(enums.YesNo, "disability", "Disability"),
        _choice(enums.SexualOrientation, "sexual_orientation"),
        _choice(enums.Religion, "religion"),
        _choice(enums.MaritalStatus, "marital_status"),
        _choice(enums.YesNo, "pregnant", "Pregnant"),
        _choice(enums.YesNo, "no_recourse_to_public_funds", "No recourse to public funds"),
        _choice(enums.YesNo, "interpreter_needed", "Interpreter needed"),
    ]


def equality_table(people: Sequence[Person], c: Characteristic, threshold: int) -> Breakdown:
    return equality_tables(people, [c], threshold)[0]


# A person's categories depend only on her answers and her age at the start
# (`Profile.answers_on`; None: no demographics recorded), so people alike share them.
AnswerMemo = dict[Hashable, tuple[str, ...]]


def answer_counts(people: Sequence[Person], chars: Sequence[Characteristic],
                  memo: AnswerMemo) -> list[Counter[str]]:
    """How many people fall in each category, one counter per characteristic (in order). Each
    set of answers is worked out once (memo: shared by the tables of one set of
    characteristics) and counted with its weight, not person by person."""
    weights: dict[Hashable, int] = {}
    for p in people:
        key: Hashable = p.demographics.answers_on(p.start) if p.demographics else None
        if key in weights:
            weights[key] += 1
            continue
        weights[key] = 1
        if key not in memo:
            memo[key] = tuple(c.of(p) for c in chars)
    counts: list[Counter[str]] = [Counter() for _ in chars]
    for answered, weight in weights.items():
        for counter, category in zip(counts, memo[answered], strict=True):
            counter[category] += weight
    return counts


def equality_tables(people: Sequence[Person], chars: Sequence[Characteristic], threshold: int,
                    memo: AnswerMemo | None = None) -> list[Breakdown]:
    """One table per characteristic (in order); `memo` as for `answer_counts`, for these
    `chars`."""
    out = []
    for c, counts in zip(chars, answer_counts(people, chars, {} if memo is None else memo),
                         strict=True):
        labels = c.categories + sorted(set(counts) - set(c.categories))
        values, total = suppress_breakdown([counts[label] for label in labels],
                                           threshold=threshold)
        out.append(Breakdown(c.title, labels, values, total))
    return out


def locality_grid(title: str, people: Sequence[Person], localities: list[str],
                  threshold: int) -> Grid:
    counts = Counter((locality(p), p.category) for p in people)
    grid = suppress_grid([[counts[(loc, cat)] for cat in GROUP_CATEGORIES] for loc in localities],
                         threshold=threshold)
    return Grid(title, localities, [OutputCategory(c).label for c in GROUP_CATEGORIES],
                grid.cells, grid.row_totals, grid.column_totals, grid.total)


def plain(title: str, counts: Counter[str], labels: list[str]) -> Breakdown:
    """Counts of groups or sessions (not people): shown as they are."""
    labels = labels + sorted(set(counts) - set(labels))
    return Breakdown(title, labels, [str(counts[label]) for label in labels],
                     str(sum(counts.values())))


def _single(count: int, threshold: int) -> str:
    return small_marker(threshold) if 0 < count < threshold else str(count)


def _localities(figures: QuarterlyFigures) -> list[str]:
    found = {locality(p) for p in [*figures.starters, *figures.completers]} - {NOT_RECORDED}
    return sorted(found) + [NOT_RECORDED]


# Above this every count of a group programme would be hidden: no return is worth publishing.
MAX_THRESHOLD = 100


COHORTS = [
    ("Equality: survivors", "Freedom Programme and Recovery Toolkit",
     [OutputCategory.FREEDOM, OutputCategory.RECOVERY_TOOLKIT], AGE_BANDS),
    ("Equality: people using harm", "perpetrator programmes", [OutputCategory.PERPETRATOR],
     AGE_BANDS),
    ("Equality: young people", "the Respect toolkit", [OutputCategory.RESPECT],
     YOUNG_AGE_BANDS),
]


def cohort_equality(figures: QuarterlyFigures, threshold: int,
                    memos: dict[int, AnswerMemo] | None = None) -> list[Section]:
    """Equality tables kept apart for survivors, people using harm and young people, so a
    male victim is not hidden among perpetrator programmes (seed 000 §6). `memos`: answers
    already worked out, by the identity of the age bands they used."""
    out = []
    memos = {} if memos is None else memos
    for title, who, categories, bands in COHORTS:
        starters = [p for p in figures.starters if p.category in categories]
        completers = [p for p in figures.completers if p.category in categories]
        chars, memo = characteristics(bands), memos.setdefault(id(bands), {})
        tables = [*(_titled("Starting", t) for t in equality_tables(starters, chars, threshold,
                                                                    memo)),
                  *(_titled("Completing", t) for t in equality_tables(completers, chars,
                                                                      threshold, memo))]
        out.append(Section(title, f"People starting and completing {who} in the quarter "
                           "(as for the headline starters and completers); age at the first "
                           "session attended, in bands "
                           + ", ".join(b[2] for b in bands) + ".", tables))
    return out


def _titled(prefix: str, table: Breakdown) -> Breakdown:
    return Breakdown(f"{prefix}: {table.title}", table.labels, table.values, table.total)


def threshold_from(value: int | None) -> int:
    """The small-cell threshold asked for, or the provider's; below 2 every 1 would show."""
    if value is None:
        return int(settings.SMALL_CELL_THRESHOLD)
    if not 2 <= value <= MAX_THRESHOLD:
        raise ValidationError({"threshold": "The small-number threshold must be between 2 and "
                                            f"{MAX_THRESHOLD}."})
    return value


def published_report(figures: QuarterlyFigures, *, threshold: int | None = None,
                     sections: Sequence[Section] = (), cut: str = "") -> QuarterlyReport:
    t = threshold or settings.SMALL_CELL_THRESHOLD
    localities = _localities(figures)
    starters = locality_grid("People starting groups, by locality and programme",
                             figures.starters, localities, t)
    completers = locality_grid("People completing groups, by locality and programme",
                               figures.completers, localities, t)
    group_labels = [OutputCategory(c).label for c in GROUP_CATEGORIES]
    labelled = {k: Counter({OutputCategory(c).label: n for c, n in v.items()})
                for k, v in (("s", figures.groups_started), ("c", figures.groups_completed))}
    q = figures.quarter
    chars = characteristics()
    memo: AnswerMemo = {}  # each person's answers worked out once, for every table
    return QuarterlyReport(
        quarter=q.label, financial_year=q.financial_year, first_day=q.first_day,
        last_day=q.last_day, threshold=t, definitions_version=DEFINITIONS_VERSION,
        headlines=[
            Figure("People starting groups", starters.total),
            Figure("People completing groups", completers.total),
            Figure("Groups started", str(sum(figures.groups_started.values()))),
            Figure("Groups completed", str(sum(figures.groups_completed.values()))),
            Figure("Training & awareness sessions delivered",
                   str(sum(figures.training_venues.values()))),
            Figure("Community events held", str(figures.community_events)),
            Figure("Drop-in attendances", _single(figures.drop_in_attendances, t)),
            Figure("One-to-one support hours delivered", f"{figures.one_to_one_hours:g}"),
        ],
        groups_started=plain("Groups started, by programme", labelled["s"], group_labels),
        groups_completed=plain("Groups completed, by programme", labelled["c"], group_labels),
        training_locations=plain("Training & awareness sessions, by venue",
                                 figures.training_venues, []),
        starters_by_locality=starters,
        completers_by_locality=completers,
        starters_equality=equality_tables(figures.starters, chars, t, memo),
        completers_equality=equality_tables(figures.completers, chars, t, memo),
        sections=[*sections, *cohort_equality(figures, t, {id(AGE_BANDS): memo})],
        cut=cut,
        notes=[
            f"{small_marker(t)}: between 1 and {t - 1} people.",
            "*: hidden so that a smaller count cannot be worked out from the totals.",
            f"{WITHHELD}: not published; the total is too small to break down safely.",
            "Starters: first attended group session in the quarter. Completers: the "
            "programme's completion rule first met at a session in the quarter.",
            SCOPE_NOTE,
            f"Definitions version {DEFINITIONS_VERSION}; suppression method: the provider's "
            "disclosure note (no hidden count can be worked out from the others).",
        ],
    )
