import pytest

from notifications import transports

AUTH_TOKEN = "test-auth-token-0123456789abcdef"


@pytest.fixture
def fake_sms(settings):  # type: ignore[no-untyped-def]
    """The in-memory transport, emptied for each test."""
    settings.SMS_BACKEND = "fake"
    transports.outbox.clear()
    yield transports.outbox
    transports.outbox.clear()


@pytest.fixture
def twilio_token(settings):  # type: ignore[no-untyped-def]
    settings.TWILIO_AUTH_TOKEN = AUTH_TOKEN
    settings.PUBLIC_BASE_URL = "https://groupwork.example.org"
    return AUTH_TOKEN
