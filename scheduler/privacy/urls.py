from django.urls import path

from scheduler.privacy import views

app_name = "privacy"
urlpatterns = [
    path("access-log/", views.access_log, name="access_log"),
    path("access-log.csv", views.access_log_download, name="access_log_csv"),
    path("participants/", views.participant_find, name="participant_find"),
    path("participants/<int:participant_id>/", views.participant, name="participant"),
    path("participants/<int:participant_id>/subject-access.<str:fmt>",
         views.subject_access_download, name="subject_access"),
    path("participants/<int:participant_id>/erase/", views.participant_erase, name="erase"),
]
