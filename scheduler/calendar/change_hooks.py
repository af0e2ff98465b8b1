"""A seam: higher apps learn at once when a session is moved or cancelled.

The calendar does not reach up into the crèche (the layer contract in pyproject.toml). The
crèche registers a callback in `CrecheConfig.ready()` so a crèche beside a moved session moves
with it and a cancelled session's crèche places are released. Callbacks run inside the
calendar service's transaction. (Notifications reads SessionChange rows in a sweep instead.)
"""

from __future__ import annotations

from collections.abc import Callable

from scheduler.models import SessionChange

ChangeHook = Callable[[SessionChange], None]

_hooks: list[ChangeHook] = []


def on_session_changed(hook: ChangeHook) -> None:
    if hook not in _hooks:
        _hooks.append(hook)


def session_changed(change: SessionChange) -> None:
    for hook in _hooks:
        hook(change)
