"""System checks: a brand name as the SMS sender would tell whoever reads the phone."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error


def check_neutral_sender(app_configs: Any, **kwargs: Any) -> list[Error]:
    sender = settings.TWILIO_FROM
    if settings.SMS_BACKEND != "twilio" or sender.startswith(("+", "MG")):
        return []
    return [Error("TWILIO_FROM must be a phone number (+44…) or a messaging service SID (MG…), "
                  "never an alphanumeric sender name.", id="notifications.E001")]
