from django.urls import path

from scheduler.calendar import planning_views
from scheduler.calendar import views as calendar_views

app_name = "calendar"
urlpatterns = [
    path("", calendar_views.term_glance_page, name="term"),
    path("feeds/<str:token>.ics", calendar_views.feed, name="feed"),
    path("runs/<int:run_id>/schedule/", planning_views.schedule_page, name="schedule"),
    path("runs/<int:run_id>/sessions/", planning_views.run_sessions_page, name="run_sessions"),
    path("runs/<int:run_id>/sessions/add/", planning_views.session_add, name="session_add"),
    path("sessions/<int:session_id>/", planning_views.session_page, name="session"),
    path("sessions/<int:session_id>/move/", planning_views.session_move, name="session_move"),
    path("sessions/<int:session_id>/cancel/", planning_views.session_cancel,
         name="session_cancel"),
]
