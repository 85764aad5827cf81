"""Login with password + TOTP, enrolment, recovery codes, invitations, own account."""

from __future__ import annotations

import base64
from typing import Any

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp.oath import TOTP

from wijkteam.accounts import drafts, selectors, services, throttle
from wijkteam.accounts.backends import BACKEND, is_verified
from wijkteam.accounts.forms import CodeForm, EnrolForm, LanguageForm, LoginForm, SetPasswordForm
from wijkteam.accounts.middleware import touch
from wijkteam.accounts.models import User
from wijkteam.privacy.policy import Actor, client_ip


def lockout_response(
    request: HttpRequest, response: Any = None, credentials: Any = None
) -> HttpResponse:
    """Shown instead of the login page after too many failed attempts (HTTP 429)."""
    minutes = int(settings.AXES_COOLOFF_TIME * 60)
    return TemplateResponse(
        request,
        "accounts/locked_out.html",
        {"minutes": minutes},
        status=429,
    ).render()


def _current_user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _apply_language(response: HttpResponse, language: str) -> HttpResponse:
    response.set_cookie(settings.LANGUAGE_COOKIE_NAME, language, samesite="Lax", httponly=False)
    return response


@login_not_required
@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated and is_verified(request.user):
        return redirect("core:my_work")
    form = LoginForm(request.POST or None)
    # Why the person is here again: the session ended, and was what they sent kept?
    notice = request.session.pop(drafts.LOGIN_NOTICE_KEY, None) if request.method == "GET" else None
    if request.method == "POST" and form.is_valid():
        username = form.cleaned_data["username"]
        address = client_ip(request)
        wait = throttle.wait_seconds(username=username, ip_address=address)
        if wait:
            # Refused before the password is checked: a flood costs no hashing time.
            form.add_error(
                None,
                ngettext(
                    "Too many failed attempts. Try again in %(seconds)d second.",
                    "Too many failed attempts. Try again in %(seconds)d seconds.",
                    wait,
                )
                % {"seconds": wait},
            )
            response = render(request, "accounts/login.html", {"form": form}, status=429)
            response["Retry-After"] = str(wait)
            return response
        user = authenticate(request, username=username, password=form.cleaned_data["password"])
        if user is None and not getattr(request, "axes_locked_out", False):
            throttle.failure_record(username=username, ip_address=address)
        if user is not None and user.is_active:
            throttle.failures_forget(username=username, ip_address=address)
            login(request, user)
            request.session.pop(drafts.EXPIRED_OWNER_KEY, None)
            touch(request.session)  # the idle time runs from here, also if nothing follows
            nxt = request.GET.get("next", "")
            if url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()}):
                request.session["after_mfa"] = nxt
            return redirect("accounts:mfa")
        form.add_error(None, _("Login name or password is not correct."))
    return render(request, "accounts/login.html", {"form": form, "notice": notice})


@require_POST
@login_not_required
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    messages.info(request, _("You have been logged out."))
    return redirect("accounts:login")


def mfa_view(request: HttpRequest) -> HttpResponse:
    """Route to enrolment (no confirmed app yet) or verification."""
    user = _current_user(request)
    if is_verified(user):
        return redirect("core:my_work")
    if services.totp_device_confirmed(user) is None:
        return redirect("accounts:mfa_setup")
    return redirect("accounts:mfa_verify")


def _stamp_mfa(request: HttpRequest) -> None:
    """Remember when the second factor was last checked (privacy pages want it fresh)."""
    request.session["mfa_verified_at"] = timezone.now().isoformat()


def _mfa_passed(request: HttpRequest, device: Any) -> None:
    """The second factor is done: mark the session and give it a new key.

    A session id seen before the second factor (a shared computer, a proxy log) must not
    become a fully logged-in session: ``cycle_key`` keeps the data under a fresh id and
    deletes the old row.
    """
    otp_login(request, device)
    request.session.cycle_key()
    _stamp_mfa(request)


@require_http_methods(["GET", "POST"])
def mfa_reverify_view(request: HttpRequest) -> HttpResponse:
    """Ask the code again for sensitive pages (privacy officer), then go on."""
    user = _current_user(request)
    form = CodeForm(request.POST or None)
    nxt = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()}):
        nxt = ""
    if request.method == "POST" and form.is_valid():
        device = services.mfa_verify(user=user, code=form.cleaned_data["code"])
        if device is not None:
            _stamp_mfa(request)
            return redirect(nxt or "core:my_work")
        form.add_error("code", _("This code is not correct."))
    return render(request, "accounts/mfa_reverify.html", {"form": form})


def _after_mfa(request: HttpRequest) -> HttpResponse:
    user = _current_user(request)
    nxt = request.session.pop("after_mfa", "") or ""
    target = nxt if nxt else "core:my_work"
    if selectors.draft_count(actor=Actor.from_request(request)):
        # "Je notitie was nog niet opgeslagen; nu opslaan?" comes before anything else.
        target = "accounts:drafts"
    response = redirect(target)
    translation.activate(user.preferred_language)
    return _apply_language(response, user.preferred_language)


@require_http_methods(["GET", "POST"])
def mfa_setup_view(request: HttpRequest) -> HttpResponse:
    user = _current_user(request)
    if services.totp_device_confirmed(user) is not None:
        return redirect("accounts:mfa_verify")
    device = services.totp_device_pending(user)
    form = EnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = services.totp_enrol_confirm(
            user=user, device=device, code=form.cleaned_data["code"]
        )
        if codes is not None:
            device.refresh_from_db()
            _mfa_passed(request, device)
            request.session["fresh_recovery_codes"] = codes
            return redirect("accounts:recovery_codes")
        form.add_error(
            "code", _("This code is not correct. Check the time on your phone and try again.")
        )
    uri = device.config_url
    qr = segno.make(uri, error="m")
    b32 = base64.b32encode(device.bin_key).decode().rstrip("=")
    context = {
        "form": form,
        "qr_svg": qr.svg_data_uri(scale=5, dark="#000", light="#fff"),
        "secret": " ".join(b32[i : i + 4] for i in range(0, len(b32), 4)),
        "secret_raw": b32,
    }
    return render(request, "accounts/mfa_setup.html", context)


@require_http_methods(["GET", "POST"])
def mfa_verify_view(request: HttpRequest) -> HttpResponse:
    user = _current_user(request)
    if services.totp_device_confirmed(user) is None:
        return redirect("accounts:mfa_setup")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = services.mfa_verify(user=user, code=form.cleaned_data["code"])
        if device is not None:
            _mfa_passed(request, device)
            return _after_mfa(request)
        form.add_error("code", _("This code is not correct."))
    demo_code = None
    if settings.DEMO_MODE and user.is_demo_account:
        confirmed = services.totp_device_confirmed(user)
        if confirmed is not None:
            totp = TOTP(
                confirmed.bin_key, confirmed.step, confirmed.t0, confirmed.digits, confirmed.drift
            )
            demo_code = f"{totp.token():06d}"
    return render(request, "accounts/mfa_verify.html", {"form": form, "demo_code": demo_code})


@require_http_methods(["GET", "POST"])
def recovery_codes_view(request: HttpRequest) -> HttpResponse:
    user = _current_user(request)
    if request.method == "POST":
        codes = services.recovery_codes_regenerate(user=user)
        request.session["fresh_recovery_codes"] = codes
        return redirect("accounts:recovery_codes")
    codes = request.session.pop("fresh_recovery_codes", None)
    return render(request, "accounts/recovery_codes.html", {"codes": codes})


@login_not_required
@require_http_methods(["GET", "POST"])
def invitation_accept_view(request: HttpRequest, token: str) -> HttpResponse:
    invitation = services.invitation_find(token)
    if invitation is None:
        return render(request, "accounts/invitation_invalid.html", status=404)
    form = SetPasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.invitation_accept(
                invitation=invitation, password=form.cleaned_data["password1"]
            )
        except ValidationError as error:
            form.add_error("password1", error)
        else:
            login(request, user, backend=BACKEND)
            return redirect("accounts:mfa_setup")
    return render(
        request, "accounts/invitation_accept.html", {"form": form, "invitee": invitation.user}
    )


@require_http_methods(["GET", "POST"])
def account_view(request: HttpRequest) -> HttpResponse:
    user = _current_user(request)
    form = LanguageForm(
        request.POST or None, initial={"preferred_language": user.preferred_language}
    )
    if request.method == "POST" and form.is_valid():
        user.preferred_language = form.cleaned_data["preferred_language"]
        user.save(update_fields=["preferred_language"])
        translation.activate(user.preferred_language)
        messages.success(request, _("Your language has been saved."))
        return _apply_language(redirect("accounts:account"), user.preferred_language)
    tokens = selectors.api_token_list(actor=Actor.from_request(request, purpose="account"))
    return render(
        request, "accounts/account.html", {"form": form, "person": user, "tokens": tokens}
    )
