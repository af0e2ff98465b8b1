"""Who am I, and my own API tokens (for a tablet app or a script acting as me)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from scheduler.models.accounts import ApiToken
from scheduler.platform.auth import allow, token_create, token_revoke
from scheduler.platform.errors import ErrorOut
from scheduler.platform.mfa import is_verified
from scheduler.platform.pagination import BoundedPagination
from scheduler.platform.permissions import ALL_STAFF
from scheduler.platform.requests import AuthedRequest

router = Router(tags=["accounts"])
TOKEN_NEEDS_MFA = ("API tokens are issued only from a browser session signed in with "
                   "two-step verification (set it up under Sign-in security)")


class MeOut(Schema):
    username: str
    display_name: str
    role: str


class TokenIn(Schema):
    name: str = Field(min_length=1, max_length=100, pattern=r"^[^\x00]*$",
                      examples=["Riverside tablet"])


class RefusalOut(Schema):
    detail: str


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    created_at: dt.datetime
    last_used_at: dt.datetime | None
    revoked_at: dt.datetime | None


class NewTokenOut(TokenOut):
    token: str = Field(description="Shown once: only a hash is kept")



@router.get("/me", response=MeOut, auth=allow(*ALL_STAFF))
def me(request: AuthedRequest) -> MeOut:
    user = request.user
    return MeOut(username=user.username, display_name=user.display_name, role=user.role)


@router.get("/me/tokens", response=list[TokenOut], auth=allow(*ALL_STAFF))
@paginate(BoundedPagination)
def my_tokens(request: AuthedRequest) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=request.user).order_by("-created_at", "-id")


@router.post("/me/tokens", response={201: NewTokenOut, 403: RefusalOut, 422: ErrorOut},
             auth=allow(*ALL_STAFF))
def my_token_create(request: AuthedRequest, payload: TokenIn) -> Status[NewTokenOut]:
    """Only from a signed-in session that passed two-step verification: a password, or a
    token, alone cannot mint a long-lived credential."""
    if not is_verified(request):
        raise PermissionDenied(TOKEN_NEEDS_MFA)
    token, raw = token_create(user=request.user, name=payload.name.strip())
    return Status(201, NewTokenOut(**TokenOut.from_orm(token).dict(), token=raw))


@router.delete("/me/tokens/{int:token_id}", response={204: None}, auth=allow(*ALL_STAFF))
def my_token_revoke(request: AuthedRequest, token_id: int) -> Status[None]:
    token_revoke(token=get_object_or_404(ApiToken, pk=token_id, user=request.user))
    return Status(204, None)

