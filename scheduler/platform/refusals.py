"""Pages show a service's refusal (its ValidationError) to the person, never as a 500."""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest


def refusals(call: Callable[[], object]) -> list[str]:
    """Run one service call; the messages of its ValidationError, or [] when it succeeded."""
    try:
        call()
    except ValidationError as exc:
        return list(exc.messages)
    return []


def run_with_messages(request: HttpRequest, call: Callable[[], object], done: str) -> bool:
    """Run one service call and report it as a page message: `done`, or the refusal."""
    problems = refusals(call)
    if problems:
        messages.error(request, " ".join(problems))
        return False
    messages.success(request, done)
    return True
