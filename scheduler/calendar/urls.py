from django.urls import path

from scheduler.calendar import views as calendar_views

app_name = "calendar"
urlpatterns = [
    path("", calendar_views.term_glance_page, name="term"),
    path("feeds/<str:token>.ics", calendar_views.feed, name="feed"),
]
