from django.urls import path

from notifications import webhooks

app_name = "notifications"
urlpatterns = [
    path("twilio/status/<int:message_id>/", webhooks.twilio_status, name="twilio-status"),
    path("twilio/inbound/", webhooks.twilio_inbound, name="twilio-inbound"),
]
