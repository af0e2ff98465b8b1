"""Twilio webhooks. Not CSRF-protected (Twilio cannot send a token): every request must carry
a valid X-Twilio-Signature for PUBLIC_BASE_URL + path, or it is refused with 403.

Status callbacks: each message names its own URL (/notifications/twilio/status/<id>/).
Inbound texts: set the number's "A message comes in" webhook to
PUBLIC_BASE_URL + /notifications/twilio/inbound/ (HTTP POST).
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from twilio.request_validator import RequestValidator

from notifications.services import inbound_sms_receive, message_status_apply

EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'


def signature_valid(request: HttpRequest) -> bool:
    token = settings.TWILIO_AUTH_TOKEN
    signature = request.headers.get("X-Twilio-Signature", "")
    if not token or not signature:
        return False
    url = settings.PUBLIC_BASE_URL + request.get_full_path()
    return RequestValidator(token).validate(url, request.POST.dict(), signature)


@csrf_exempt
@require_POST
def twilio_status(request: HttpRequest, message_id: int) -> HttpResponse:
    if not signature_valid(request):
        return HttpResponseForbidden()
    code = request.POST.get("ErrorCode", "")
    message_status_apply(message_id=message_id, provider_sid=request.POST.get("MessageSid", ""),
                         provider_status=request.POST.get("MessageStatus", ""),
                         error_code=int(code) if code.isdigit() else None)
    return HttpResponse(status=204)


@csrf_exempt
@require_POST
def twilio_inbound(request: HttpRequest) -> HttpResponse:
    if not signature_valid(request):
        return HttpResponseForbidden()
    inbound_sms_receive(from_number=request.POST.get("From", ""),
                        body=request.POST.get("Body", ""),
                        provider_sid=request.POST.get("MessageSid", "")[:64])
    return HttpResponse(EMPTY_TWIML, content_type="text/xml")
