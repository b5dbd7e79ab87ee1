from django.contrib import admin
from django.urls import include, path

from latu.accounts.languages import set_language

urlpatterns = [
    path("api/", include("latu.api.urls")),  # first: the API answers the most requests
    path("", include("latu.core.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("accounts/", include("latu.accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("", include("latu.organisations.urls")),
    path("", include("latu.ideas.urls")),
    path("", include("latu.experiments.urls")),
    path("", include("latu.dashboards.urls")),
    path("", include("latu.indicators.urls")),
    path("tori/", include("latu.campaigns.urls")),
    path("tori/", include("latu.tori.urls")),
    path("surveys/", include("latu.surveys.urls")),
    path("programmes/", include("latu.programmes.urls")),
    path("notifications/", include("latu.notifications.urls")),
    path("django-admin/", admin.site.urls),
]

handler403 = "latu.core.views.error_403"
handler404 = "latu.core.views.error_404"
handler500 = "latu.core.views.error_500"
# Uploads are never served from MEDIA_ROOT directly, not even locally: every upload has
# an access-checked view (ideas:attachment, tori:deed_image, organisations:logo).
