"""The user's own two-step verification pages: status, enrolment, the verify step after the
password, and new recovery codes. The rules are in `scheduler.platform.mfa`."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from scheduler.platform import mfa
from scheduler.platform.mfa_forms import EnrolCodeForm, VerifyCodeForm
from scheduler.platform.requests import AuthedRequest


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    safe = url_has_allowed_host_and_scheme(target, {request.get_host()},
                                           require_https=request.is_secure())
    return target if safe and target.startswith("/") else reverse("home")


@login_required
def security(request: AuthedRequest) -> HttpResponse:
    user = request.user
    return render(request, "account/security.html", {
        "has_device": mfa.has_device(user), "required": mfa.mfa_required(user),
        "verified": mfa.is_verified(request), "codes_left": mfa.recovery_codes_left(user)})


@login_required
def setup(request: AuthedRequest) -> HttpResponse:
    user = request.user
    if mfa.has_device(user) and not mfa.is_verified(request):
        # Replacing a device needs the current one: a stolen password must not re-enrol.
        return redirect(f"{reverse('mfa_verify')}?{urlencode({'next': reverse('mfa_setup')})}")
    device = mfa.totp_pending(user=user)
    form = EnrolCodeForm(request.POST or None)
    if form.is_valid():
        codes = mfa.totp_confirm(request=request, device=device, code=form.cleaned_data["code"])
        if codes is not None:
            return render(request, "account/recovery_codes.html",
                          {"codes": codes, "next": _next_url(request), "first": True})
        form.add_error("code", "That code did not match. Check the time on your phone and "
                               "type the code now shown.")
    return render(request, "account/mfa_setup.html", {
        # segno's SVG holds only path data and our fixed title, never the URI's text.
        "form": form, "qr": mark_safe(mfa.qr_svg(device)),  # noqa: S308
        "secret": mfa.secret_text(device), "next": _next_url(request)})


@login_required
def verify(request: AuthedRequest) -> HttpResponse:
    if mfa.is_verified(request):
        return HttpResponseRedirect(_next_url(request))
    if not mfa.has_device(request.user):
        return redirect(f"{reverse('mfa_setup')}?{urlencode({'next': _next_url(request)})}")
    form = VerifyCodeForm(request.POST or None)
    if form.is_valid():
        if mfa.verify(request=request, code=form.cleaned_data["code"]):
            return HttpResponseRedirect(_next_url(request))
        form.add_error("code", "That code did not match, or too many codes were tried: "
                               "wait a moment and type the code now shown.")
    return render(request, "account/mfa_verify.html", {"form": form, "next": _next_url(request)})


@login_required
@require_POST
def recovery_codes(request: AuthedRequest) -> HttpResponse:
    user = request.user
    if not (mfa.has_device(user) and mfa.is_verified(request)):
        return redirect("account_security")
    codes = mfa.recovery_codes_issue(user=user)
    return render(request, "account/recovery_codes.html",
                  {"codes": codes, "next": reverse("account_security"), "first": False})
