import pytest

AUTH_TOKEN = "test-auth-token-0123456789abcdef"


@pytest.fixture
def twilio_token(settings):  # type: ignore[no-untyped-def]
    settings.TWILIO_AUTH_TOKEN = AUTH_TOKEN
    settings.PUBLIC_BASE_URL = "https://groupwork.example.org"
    return AUTH_TOKEN


@pytest.fixture
def fake_twilio(settings):  # type: ignore[no-untyped-def]
    """The real twilio client, pointed at a local fake server."""
    from tests.notifications.fake_twilio import start_fake_twilio

    fake, server = start_fake_twilio()
    settings.SMS_BACKEND = "twilio"
    settings.TWILIO_ACCOUNT_SID = "AC" + "0" * 32
    settings.TWILIO_AUTH_TOKEN = AUTH_TOKEN
    settings.TWILIO_FROM = "+447400123000"
    settings.TWILIO_API_BASE = fake.base_url
    settings.PUBLIC_BASE_URL = "https://groupwork.example.org"
    yield fake
    if fake.hang is not None:
        fake.hang.set()
    server.shutdown()
    server.server_close()
