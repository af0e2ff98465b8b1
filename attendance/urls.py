from django.urls import path

from attendance import views

app_name = "attendance"
urlpatterns = [
    path("sessions/", views.my_sessions, name="my_sessions"),
    path("sessions/<int:session_id>/register/", views.register_page, name="register"),
    path("reports/quarterly/", views.quarterly_report_page, name="quarterly_report"),
    path("reports/quarterly/publish/", views.quarterly_report_publish,
         name="quarterly_report_publish"),
]
