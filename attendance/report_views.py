"""The manager's dashboard and the stored quarterly exports. Parse, check, read: no rules."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from attendance.dashboard import dashboard_build
from attendance.models import StoredExport
from attendance.publication import return_served
from attendance.reports import threshold_from
from attendance.stored_exports import stored_exports
from attendance.views import _previous, _quarter_param
from scheduler.platform.audit import audited
from scheduler.platform.permissions import REPORT_READERS, require_role

PAGE_SIZE = 20
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def dashboard_page(request: HttpRequest) -> HttpResponse:
    """Pictures of the quarter's figures, from stored computations (one is started if none)."""
    require_role(request, REPORT_READERS)
    quarter = _quarter_param(request)
    served = return_served(quarter=quarter, threshold=threshold_from(None))
    context: dict[str, object] = {"quarter": quarter, "previous": _previous(quarter),
                                  "next": quarter.next(), "served": served}
    if served is not None:
        context["dashboard"] = dashboard_build(report=served.report, quarter=quarter)
    return render(request, "attendance/dashboard.html", context)


@login_required
def stored_exports_page(request: HttpRequest) -> HttpResponse:
    require_role(request, REPORT_READERS)
    page = Paginator(stored_exports(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "attendance/stored_exports.html", {"page": page})


def _export(export_id: int) -> StoredExport:
    try:
        return StoredExport.objects.get(pk=export_id)
    except StoredExport.DoesNotExist:
        raise Http404("No such export") from None


def _attachment(body: bytes | str, content_type: str, export: StoredExport,
                ext: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    fy = f"{export.year}-{(export.year + 1) % 100:02d}"
    kind = "published" if export.published else "computed"
    response["Content-Disposition"] = (
        f'attachment; filename="groupwork-{fy}-q{export.quarter}-{kind}.{ext}"')
    return response


@login_required
@audited("export", "stored_quarterly_export_xlsx", id_arg="export_id")
def stored_export_xlsx(request: HttpRequest, export_id: int) -> HttpResponse:
    require_role(request, REPORT_READERS)
    export = _export(export_id)
    return _attachment(bytes(export.xlsx), XLSX, export, "xlsx")


@login_required
@audited("export", "stored_quarterly_export_csv", id_arg="export_id")
def stored_export_csv(request: HttpRequest, export_id: int) -> HttpResponse:
    require_role(request, REPORT_READERS)
    export = _export(export_id)
    return _attachment(export.csv, "text/csv; charset=utf-8", export, "csv")
