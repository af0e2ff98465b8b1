"""Who am I: lets a tablet or API client confirm its login and role."""

from django.http import HttpRequest
from ninja import Router, Schema

from scheduler.auth import allow
from scheduler.permissions import ALL_STAFF

router = Router(tags=["accounts"])


class MeOut(Schema):
    username: str
    display_name: str
    role: str


@router.get("/me", response=MeOut, auth=allow(*ALL_STAFF))
def me(request: HttpRequest) -> MeOut:
    user = request.user
    return MeOut(username=user.username, display_name=user.display_name,  # type: ignore[union-attr]
                 role=user.role)  # type: ignore[union-attr]
