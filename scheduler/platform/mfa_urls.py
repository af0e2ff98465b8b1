from django.urls import path

from scheduler.platform import mfa_views

urlpatterns = [
    path("security/", mfa_views.security, name="account_security"),
    path("mfa/setup/", mfa_views.setup, name="mfa_setup"),
    path("mfa/verify/", mfa_views.verify, name="mfa_verify"),
    path("mfa/recovery-codes/", mfa_views.recovery_codes, name="mfa_recovery_codes"),
]
