from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from latu import access
from latu.notifications import actions, queries
from latu.notifications.forms import PreferencesForm
from latu.notifications.models import Notification, effective_preferences

PAGE_SIZE = 25


def _back(request: HttpRequest, default: str = "notifications:list") -> HttpResponse:
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return redirect(target)
    return redirect(default)


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(queries.unread_first(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "notifications/list.html", {
        "page": page, "notifications": page.object_list, "unread_count": queries.unread_count(request),
    })


@login_required
def open_notification(request: HttpRequest, pk: int) -> HttpResponse:
    """Follow a notification's link; following it marks it read."""
    notification = access.get_or_404(request.user, Notification, "view", pk=pk)
    actions.mark_read(notification)
    return redirect(notification.url or "notifications:list")


@login_required
@require_POST
def mark_read(request: HttpRequest, pk: int) -> HttpResponse:
    notification = access.get_or_404(request.user, Notification, "change", pk=pk)
    actions.mark_read(notification)
    if request.htmx:
        queries.forget_unread_count(request)
        return render(request, "notifications/_item.html", {"notification": notification})
    return _back(request)


@login_required
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    if actions.mark_all_read(request.user):
        messages.success(request, _("All notifications are marked read."))
    return _back(request)


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    current = effective_preferences([request.user.pk])[request.user.pk]
    form = PreferencesForm(request.POST or None, current=current)
    if request.method == "POST":
        if form.is_valid():
            actions.update_preferences(request.user, form.choices())
            messages.success(request, _("Your notification settings are saved."))
            return redirect("notifications:preferences")
        return render(request, "notifications/preferences.html", {"form": form}, status=400)
    return render(request, "notifications/preferences.html", {"form": form})
