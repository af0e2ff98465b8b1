"""Who may do what: role groups shared by pages and API operations.

API operations name a group with `scheduler.platform.auth.allow(*GROUP)`; pages call `require_role`.
Anything that names no group is refused (deny by default).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from scheduler.models.accounts import User
from scheduler.platform.roles import Role

# Who may do what. Operations name one of these; a new operation needs a deliberate choice.
PLANNERS = (Role.COORDINATOR, Role.ADMIN)
REGISTER_TAKERS = (Role.FACILITATOR, Role.COORDINATOR, Role.ADMIN)
PERSONAL_RECORD_READERS = (Role.FACILITATOR, Role.COORDINATOR, Role.ADMIN)
REPORT_READERS = (Role.MANAGER, Role.COORDINATOR, Role.ADMIN)
CRECHE_STAFF = (Role.CRECHE_WORKER, Role.COORDINATOR, Role.ADMIN)
ALL_STAFF = tuple(Role)
# The access log, subject access and erasure: administrators only (a data-protection duty).
ADMINISTRATORS = (Role.ADMIN,)


def require_role(request: HttpRequest, roles: tuple[str, ...]) -> User:
    user = request.user
    if not isinstance(user, User) or not user.has_role(*roles):
        raise PermissionDenied("Your role does not allow this")
    return user


def sees_all_sessions(user: User) -> bool:
    """Facilitators see only the sessions they facilitate; planners see every session."""
    return user.has_role(*PLANNERS)
