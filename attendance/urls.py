from django.urls import path

from attendance import (
    aftermath_views,
    outcome_views,
    population_views,
    pwa,
    report_views,
    views,
    walkin_views,
)

app_name = "attendance"
urlpatterns = [
    path("sw.js", pwa.service_worker, name="service_worker"),
    path("offline/pages.json", pwa.offline_pages, name="offline_pages"),
    path("sessions/", views.my_sessions, name="my_sessions"),
    path("sessions/<int:session_id>/register/", views.register_page, name="register"),
    path("sessions/<int:session_id>/sheet/", views.sign_in_sheet, name="sign_in_sheet"),
    path("sessions/<int:session_id>/walk-in/", walkin_views.walk_in_add, name="walk_in_add"),
    path("sessions/<int:session_id>/headcount/", walkin_views.headcount_save, name="headcount"),
    path("walk-ins/", walkin_views.walk_ins_page, name="walk_ins"),
    path("walk-ins/<int:walk_in_id>/", walkin_views.walk_in_decide, name="walk_in_decide"),
    path("follow-ups/", aftermath_views.followups_page, name="followups"),
    path("follow-ups/<int:followup_id>/", aftermath_views.followup_resolve_view,
         name="followup_resolve"),
    path("partner-alerts/", aftermath_views.partner_alerts_page, name="partner_alerts"),
    path("registers-not-taken/", aftermath_views.not_taken_page, name="not_taken"),
    path("revisions/", views.revisions_page, name="revisions"),
    path("reports/quarterly/", views.quarterly_report_page, name="quarterly_report"),
    path("reports/dashboard/", report_views.dashboard_page, name="dashboard"),
    path("reports/exports/", report_views.stored_exports_page, name="stored_exports"),
    path("reports/exports/<int:export_id>.xlsx", report_views.stored_export_xlsx,
         name="stored_export_xlsx"),
    path("reports/exports/<int:export_id>.csv", report_views.stored_export_csv,
         name="stored_export_csv"),
    path("reports/outcomes/", outcome_views.outcomes_page, name="outcomes"),
    path("reports/population/", population_views.population_page, name="population"),
    path("reports/population/<int:locality_id>/", population_views.population_edit,
         name="population_edit"),
    path("reports/quarterly/publish/", views.quarterly_report_publish,
         name="quarterly_report_publish"),
]
