from django.urls import path

from notifications import views, webhooks

app_name = "notifications"
urlpatterns = [
    path("twilio/status/<int:message_id>/", webhooks.twilio_status, name="twilio-status"),
    path("twilio/inbound/", webhooks.twilio_inbound, name="twilio-inbound"),
    path("inbox/", views.inbox, name="inbox"),
    path("templates/", views.template_list, name="templates"),
    path("consent/", views.consent_list, name="consent"),
    path("outbox/", views.outbox, name="outbox"),
    path("outbox/<int:message_id>/resolve/", views.outbox_resolve, name="outbox-resolve"),
    path("consent/<int:participant_id>/", views.consent_detail, name="consent-detail"),
    path("templates/<str:kind>/", views.template_edit, name="template-edit"),
    path("inbox/<int:inbound_id>/read/", views.inbox_mark_read, name="inbox-read"),
]
