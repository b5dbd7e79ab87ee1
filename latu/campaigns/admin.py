"""Django admin for technical fixes (staff with model permissions). Everyday work
happens on the pages of the programme office."""

from django.contrib import admin

from latu.campaigns.models import (
    AwardCategory,
    AwardEvent,
    AwardNomination,
    Campaign,
    CampaignDeed,
    Nomination,
    NominationReason,
    TopList,
    TopListItem,
)


class TopListItemInline(admin.TabularInline):
    model = TopListItem
    raw_id_fields = ["deed"]
    extra = 0


@admin.register(TopList)
class TopListAdmin(admin.ModelAdmin):
    list_display = ["title_fi", "slug", "is_published", "updated_at"]
    list_filter = ["is_published"]
    search_fields = ["title_fi", "slug"]
    inlines = [TopListItemInline]


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["title_fi", "slug", "starts", "ends", "tag", "is_published", "nominations_open"]
    list_filter = ["is_published", "nominations_open"]
    search_fields = ["title_fi", "slug", "tag"]


@admin.register(CampaignDeed)
class CampaignDeedAdmin(admin.ModelAdmin):
    list_display = ["campaign", "deed", "via", "added_at"]
    list_filter = ["campaign", "via"]
    raw_id_fields = ["deed", "nomination"]


class NominationReasonInline(admin.TabularInline):
    model = NominationReason
    raw_id_fields = ["nominator"]
    extra = 0


@admin.register(Nomination)
class NominationAdmin(admin.ModelAdmin):
    list_display = ["name", "campaign", "kind", "status", "times_nominated", "created_at"]
    list_filter = ["campaign", "status", "kind"]
    search_fields = ["name", "email"]
    raw_id_fields = ["deed", "organisation"]
    readonly_fields = ["token"]
    inlines = [NominationReasonInline]


@admin.register(AwardCategory)
class AwardCategoryAdmin(admin.ModelAdmin):
    list_display = ["name_fi", "slug", "kind", "is_theme", "order", "is_active"]
    list_filter = ["kind", "is_theme", "is_active"]


@admin.register(AwardEvent)
class AwardEventAdmin(admin.ModelAdmin):
    list_display = ["title_fi", "date", "place", "is_published", "nominations_open", "results_published"]
    filter_horizontal = ["categories", "jury"]


@admin.register(AwardNomination)
class AwardNominationAdmin(admin.ModelAdmin):
    list_display = ["__str__", "event", "category", "decision", "created_at"]
    list_filter = ["event", "category", "decision"]
    raw_id_fields = ["deed", "organisation", "person_organisation", "nominated_by", "decided_by"]
