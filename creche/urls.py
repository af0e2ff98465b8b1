from django.urls import path

from creche import views

app_name = "creche"
urlpatterns = [
    path("", views.today, name="today"),
    path("sessions/<int:creche_session_id>/", views.tablet, name="tablet"),
]
