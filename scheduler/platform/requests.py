"""The request type of an authenticated operation or page (the django-stubs pattern).

`allow(...)` on a ninja operation and `login_required`/`require_role` on a page guarantee a
signed-in `User`; annotating `request: AuthedRequest` tells the type checker so, with no casts.
"""

from django.http import HttpRequest

from scheduler.models.accounts import User


class AuthedRequest(HttpRequest):
    user: User
