from django.urls import path

from attendance import pwa, views

app_name = "attendance"
urlpatterns = [
    path("sw.js", pwa.service_worker, name="service_worker"),
    path("offline/pages.json", pwa.offline_pages, name="offline_pages"),
    path("sessions/", views.my_sessions, name="my_sessions"),
    path("sessions/<int:session_id>/register/", views.register_page, name="register"),
    path("revisions/", views.revisions_page, name="revisions"),
    path("reports/quarterly/", views.quarterly_report_page, name="quarterly_report"),
]
