"""A seam: higher apps learn when a participant takes or gives up a place on a run.

Programmes sits below the crèche (the layer contract in pyproject.toml) and never imports it.
The crèche registers callbacks in `CrecheConfig.ready()` to book a parent's children into the
crèche beside the parent's sessions and to release those places when the parent leaves.
Callbacks run inside the enrolment service's transaction: they must not raise for something
the parent's place does not depend on (the crèche reports the dates it could not book).
"""

from __future__ import annotations

from collections.abc import Callable

from programmes.models import Enrolment
from scheduler.models import User

PlaceHook = Callable[[Enrolment, "User | None"], None]

_taken: list[PlaceHook] = []
_released: list[PlaceHook] = []


def on_place_taken(hook: PlaceHook) -> None:
    if hook not in _taken:
        _taken.append(hook)


def on_place_released(hook: PlaceHook) -> None:
    if hook not in _released:
        _released.append(hook)


def place_taken(enrolment: Enrolment, by: User | None) -> None:
    for hook in _taken:
        hook(enrolment, by)


def place_released(enrolment: Enrolment, by: User | None) -> None:
    for hook in _released:
        hook(enrolment, by)
