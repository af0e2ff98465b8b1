"""Platform pages that belong to no domain: the 404 for unroutable URLs."""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.defaults import page_not_found


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """404 for URLs no route matches: JSON under /api/ (clients parse it), a page elsewhere."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Not Found"}, status=404)
    return page_not_found(request, exception)
