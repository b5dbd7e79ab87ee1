import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from rest_framework.authtoken.models import Token

from latu import access
from latu.access import memberships
from latu.accounts.actions import delete_account
from latu.accounts.forms import DeleteAccountForm, ProfileForm
from latu.accounts.languages import remember_language
from latu.accounts.models import User
from latu.accounts.privacy import personal_data


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            user = form.save()
        translation.activate(user.language)
        response = redirect("accounts:profile")
        remember_language(response, user.language)
        messages.success(request, _("Your profile was saved."))
        return response
    token = Token.objects.filter(user=request.user).first()
    # A new token is shown once, on the page after it was made: it waits in the session
    # (kept on the server), never in the messages cookie.
    new_key = request.session.pop(NEW_TOKEN_SESSION_KEY, None)
    new_token = token if token is not None and new_key == token.key else None
    response = render(
        request,
        "accounts/profile.html",
        {"form": form, "memberships": memberships(request.user), "token": token, "new_token": new_token},
    )
    if new_key:
        add_never_cache_headers(response)  # not kept by the browser or a proxy
    return response


NEW_TOKEN_SESSION_KEY = "accounts:new_api_token"  # noqa: S105 (a session key, not a secret)


@login_required
@require_POST
def api_token(request: HttpRequest) -> HttpResponse:
    """Create (or replace) or revoke the person's API token."""
    with transaction.atomic():
        Token.objects.filter(user=request.user).delete()
        if request.POST.get("action") != "revoke":
            token = Token.objects.create(user=request.user)
            request.session[NEW_TOKEN_SESSION_KEY] = token.key
        else:
            messages.success(request, _("Your API token was revoked."))
    return redirect("accounts:profile")


@login_required
def personal_data_download(request: HttpRequest) -> HttpResponse:
    """The person's personal data (GDPR) as a JSON file."""
    user = access.get_or_404(request.user, User, "export_personal_data", pk=request.user.pk)
    body = json.dumps(personal_data(user), ensure_ascii=False, indent=2, cls=DjangoJSONEncoder)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="latu-personal-data.json"'
    return response


@login_required
def delete_account_view(request: HttpRequest) -> HttpResponse:
    """Ask for deletion of one's account, confirmed with the password."""
    user = access.get_or_404(request.user, User, "delete_account", pk=request.user.pk)
    form = DeleteAccountForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        logout(request)  # first: its audit event is then redacted along with the others
        delete_account(user, actor=user)
        messages.success(request, _("Your account was deleted. Your ideas and comments remain without your name."))
        return redirect("/")
    return render(request, "accounts/delete_account.html", {"form": form})
