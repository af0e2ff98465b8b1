from django.urls import path

from scheduler.calendar import desk_views as desk
from scheduler.calendar import locality_views, planning_views
from scheduler.calendar import views as calendar_views

app_name = "calendar"
urlpatterns = [
    path("", calendar_views.term_glance_page, name="term"),
    path("feeds/<str:token>.ics", calendar_views.feed, name="feed"),
    path("localities/", locality_views.localities_page, name="localities"),
    path("localities/<int:locality_id>/", locality_views.locality_change,
         name="locality_change"),
    path("runs/<int:run_id>/schedule/", planning_views.schedule_page, name="schedule"),
    path("runs/<int:run_id>/sessions/", planning_views.run_sessions_page, name="run_sessions"),
    path("runs/<int:run_id>/sessions/add/", planning_views.session_add, name="session_add"),
    path("sessions/<int:session_id>/", planning_views.session_page, name="session"),
    path("sessions/<int:session_id>/move/", planning_views.session_move, name="session_move"),
    path("sessions/<int:session_id>/cancel/", planning_views.session_cancel,
         name="session_cancel"),
    # the coordinator's desk: venues and rooms, term calendars, closures, availability
    path("venues/", desk.venue_list, name="venues"),
    path("venues/new/", desk.venue_form, name="venue_new"),
    path("venues/<int:venue_id>/", desk.venue_page, name="venue"),
    path("venues/<int:venue_id>/edit/", desk.venue_form, name="venue_edit"),
    path("rooms/<int:room_id>/edit/", desk.room_form, name="room_edit"),
    path("term-calendars/", desk.calendar_list, name="term_calendars"),
    path("term-calendars/new/", desk.calendar_form, name="term_calendar_new"),
    path("term-calendars/<int:calendar_id>/", desk.calendar_page, name="term_calendar"),
    path("term-calendars/<int:calendar_id>/edit/", desk.calendar_form,
         name="term_calendar_edit"),
    path("term-calendars/<int:calendar_id>/import/", desk.calendar_import,
         name="term_calendar_import"),
    path("terms/<int:term_id>/edit/", desk.term_form, name="term_edit"),
    path("terms/<int:term_id>/delete/", desk.term_delete, name="term_delete"),
    path("closures/", desk.closure_list, name="closures"),
    path("closures/new/", desk.closure_form, name="closure_new"),
    path("closures/<int:closure_id>/edit/", desk.closure_form, name="closure_edit"),
    path("closures/<int:closure_id>/delete/", desk.closure_delete, name="closure_delete"),
    path("facilitators/", desk.facilitator_list, name="facilitators"),
    path("facilitators/<int:user_id>/availability/", desk.availability_page,
         name="availability"),
    path("hours/<int:hours_id>/delete/", desk.hours_delete, name="hours_delete"),
    path("leave/<int:leave_id>/delete/", desk.leave_delete, name="leave_delete"),
]
