"""Demo staff accounts: one per role, obviously fictional, with a shared demo password."""

from __future__ import annotations

from scheduler.models import User
from scheduler.platform.roles import Role

DEMO_PASSWORD = "groupwork-demo"

DEMO_STAFF: list[tuple[str, str, str, str]] = [
    # username, first name, last name, role
    ("coordinator", "Cora", "Planwell", Role.COORDINATOR),
    ("facilitator", "Fern", "Groupley", Role.FACILITATOR),
    ("facilitator2", "Felix", "Circleton", Role.FACILITATOR),
    ("creche", "Cress", "Playwright", Role.CRECHE_WORKER),
    ("creche2", "Kit", "Sandpit", Role.CRECHE_WORKER),  # the crèche's second adult, first aider
    ("manager", "Mona", "Countwell", Role.MANAGER),
    ("admin", "Ada", "Keyholder", Role.ADMIN),
]


def seed_staff() -> dict[str, User]:
    """Create (or refresh) one demo account per role; safe to run twice."""
    users = {}
    for username, first, last, role in DEMO_STAFF:
        user, created = User.objects.get_or_create(
            username=username, defaults={"first_name": first, "last_name": last, "role": role})
        if created:
            user.set_password(DEMO_PASSWORD)
            user.is_staff = role in {Role.ADMIN, Role.COORDINATOR}
            user.is_superuser = role == Role.ADMIN
            user.save()
        users[username] = user
    return users
