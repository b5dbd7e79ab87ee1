import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
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
    return render(
        request,
        "accounts/profile.html",
        {"form": form, "memberships": memberships(request.user), "token": token},
    )


@login_required
@require_POST
def api_token(request: HttpRequest) -> HttpResponse:
    """Create (or replace) or revoke the person's API token."""
    with transaction.atomic():
        Token.objects.filter(user=request.user).delete()
        if request.POST.get("action") != "revoke":
            token = Token.objects.create(user=request.user)
            messages.success(request, _("Your new API token: %(key)s – copy it now.") % {"key": token.key})
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
