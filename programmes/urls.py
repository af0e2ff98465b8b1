from django.urls import path

from programmes import enrolment_views, run_views, views

app_name = "programmes"
urlpatterns = [
    path("", views.programme_index, name="index"),
    path("<int:programme_id>/waiting-list/", views.waiting_list_page, name="waiting_list"),
    path("waiting-list/<int:entry_id>/<str:action>/", views.waiting_list_action,
         name="waiting_list_action"),
    path("offers/<int:offer_id>/<str:action>/", views.offer_action, name="offer_action"),
    path("runs/new/", run_views.run_form_page, name="run_new"),
    path("runs/<int:run_id>/edit/", run_views.run_form_page, name="run_edit"),
    path("runs/<int:run_id>/enrolments/", enrolment_views.enrolments_page, name="enrolments"),
    path("enrolments/<int:enrolment_id>/", enrolment_views.enrolment_page, name="enrolment"),
    path("runs/<int:run_id>/refresh/", views.run_refresh, name="run_refresh"),
    path("enrolments/<int:enrolment_id>/<str:action>/", views.enrolment_action,
         name="enrolment_action"),
]
