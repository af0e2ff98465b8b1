from django.urls import path

from programmes import comment_views, enrolment_views, run_views, views
from programmes import questionnaire_views as qv
from programmes import voice_views as fv

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
    path("questionnaires/due/", qv.due_list, name="questionnaires_due"),
    path("questionnaires/enrolment/<int:enrolment_id>/", qv.enrolment_questionnaires,
         name="enrolment_questionnaires"),
    path("questionnaires/enrolment/<int:enrolment_id>/<int:attachment_id>/hand-over/",
         qv.hand_over, name="questionnaire_hand_over"),
    path("questionnaires/enrolment/<int:enrolment_id>/<int:attachment_id>/declined/",
         qv.record_declined, name="questionnaire_declined"),
    path("questionnaires/enrolment/<int:enrolment_id>/<int:attachment_id>/paper/",
         qv.paper_entry, name="questionnaire_paper"),
    path("take/", qv.take_start, name="take_start"),
    path("take/<int:step>/", qv.take_question, name="take_question"),
    path("feedback/", fv.feedback_page, name="feedback"),
    path("feedback/group/", fv.run_pick, name="feedback_run_pick"),
    path("runs/<int:run_id>/moving-on/", fv.moving_on, name="moving_on"),
    path("runs/<int:run_id>/feedback/paper/", fv.paper_feedback, name="feedback_paper"),
    path("next-steps/<int:enrolment_id>/", fv.next_step_page, name="next_step"),
    path("enrolments/<int:enrolment_id>/feedback/hand-over/", fv.hand_over,
         name="feedback_hand_over"),
    path("feedback/take/", fv.feedback_take, name="feedback_take"),
    path("comments/", comment_views.comments_page, name="comments"),
    path("comments/new/", comment_views.comment_new, name="comment_new"),
    path("comments/<int:comment_id>/", comment_views.comment_page, name="comment"),
]
