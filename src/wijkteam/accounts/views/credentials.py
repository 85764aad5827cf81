"""The person's own credentials on "Mijn account": API tokens and the password."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from wijkteam.accounts import security
from wijkteam.accounts.forms import PasswordChangeForm
from wijkteam.privacy.policy import Actor


def _actor(request: HttpRequest) -> Actor:
    return Actor.from_request(request, purpose="account")


@require_POST
def api_token_view(request: HttpRequest) -> HttpResponse:
    try:
        issued = security.api_token_create(actor=_actor(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("accounts:account")
    return render(
        request,
        "accounts/api_token.html",
        {"token": issued.raw, "days": settings.API_TOKEN_VALID_DAYS},
    )


@require_POST
def api_token_revoke_view(request: HttpRequest, token_id: int) -> HttpResponse:
    security.api_token_revoke(actor=_actor(request), token_id=token_id)
    messages.success(request, _("The API token has been revoked."))
    return redirect("accounts:account")


@require_http_methods(["GET", "POST"])
def password_change_view(request: HttpRequest) -> HttpResponse:
    form = PasswordChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            revoked = security.password_change(
                actor=_actor(request),
                current_password=data["current_password"],
                new_password=data["password1"],
            )
        except ValidationError as error:
            # The current password (named field) or the password rules (the new password).
            form.add_error(None if hasattr(error, "error_dict") else "password1", error)
        else:
            user = request.user
            user.refresh_from_db(fields=["password"])  # type: ignore[union-attr]
            # Other sessions end (their hash no longer matches); this one goes on.
            update_session_auth_hash(request, user)  # type: ignore[arg-type]
            messages.success(request, _("Your password has been changed."))
            if revoked:
                messages.info(
                    request,
                    ngettext(
                        "Your API token has been revoked; create a new one if you need it.",
                        "Your %(count)d API tokens have been revoked; create a new one if you "
                        "need it.",
                        revoked,
                    )
                    % {"count": revoked},
                )
            return redirect("accounts:account")
    return render(
        request,
        "accounts/password_change.html",
        {"form": form},
        status=400 if form.errors else 200,
    )
