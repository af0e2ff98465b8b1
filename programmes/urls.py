from django.urls import path

from programmes import enrolment_views, run_views, views, waiting_views
from programmes import people_views as pv
from programmes import questionnaire_views as qv

app_name = "programmes"
urlpatterns = [
    path("", views.programme_index, name="index"),
    path("<int:programme_id>/waiting-list/", views.waiting_list_page, name="waiting_list"),
    path("waiting-list/<int:entry_id>/<str:action>/", views.waiting_list_action,
         name="waiting_list_action"),
    path("offers/<int:offer_id>/<str:action>/", views.offer_action, name="offer_action"),
    path("waiting-list/entry/<int:entry_id>/", waiting_views.entry_page, name="waiting_entry"),
    path("offers/<int:offer_id>/", waiting_views.offer_page, name="offer"),
    path("people/", pv.participants_page, name="people"),
    path("people/new/", pv.participant_new, name="person_new"),
    path("people/<int:participant_id>/", pv.participant_page, name="person"),
    path("people/<int:participant_id>/edit/", pv.participant_edit, name="person_edit"),
    path("people/<int:participant_id>/referrals/new/", pv.referral_new, name="referral_new"),
    path("people/<int:participant_id>/keep-apart/", pv.keep_apart_page, name="keep_apart"),
    path("keep-apart/<int:link_id>/end/", pv.keep_apart_end, name="keep_apart_end"),
    path("referrals/", pv.referrals_page, name="referrals"),
    path("referrals/<int:referral_id>/edit/", pv.referral_edit, name="referral_edit"),
    path("referrals/<int:referral_id>/assessment/", pv.assessment_page, name="assessment"),
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
]
