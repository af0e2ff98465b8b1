from django.urls import path

from creche import children_views, incident_views, places_views, views

app_name = "creche"
urlpatterns = [
    path("", views.today, name="today"),
    path("sessions/<int:creche_session_id>/", views.tablet, name="tablet"),
    path("children/", children_views.children, name="children"),
    path("children/<int:child_id>/", children_views.child, name="child"),
    path("parents/<int:participant_id>/", children_views.parent, name="parent"),
    path("parents/<int:participant_id>/book/", places_views.parent_book, name="parent_book"),
    path("enrolments/<int:enrolment_id>/", places_views.enrolment_places,
         name="enrolment_places"),
    path("incidents/", incident_views.incidents, name="incidents"),
    path("incidents/<int:incident_id>/acknowledge/", incident_views.incident_acknowledge,
         name="incident_acknowledge"),
]
