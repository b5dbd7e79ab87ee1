"""Django admin for technical fixes and the theme vocabulary (staff with model
permissions). Everyday moderation happens on the programme office's pages."""

from django.contrib import admin

from latu.tori import indexing
from latu.tori.models import Adoption, Comment, CommentReport, Deed, DeedImage, DeedLink, Theme


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name_fi", "name_sv", "name_en", "slug", "order", "is_active"]
    list_editable = ["order", "is_active"]
    search_fields = ["name_fi", "name_sv", "name_en", "slug"]


class DeedImageInline(admin.TabularInline):
    model = DeedImage
    extra = 0


class DeedLinkInline(admin.TabularInline):
    model = DeedLink
    extra = 0


@admin.register(Deed)
class DeedAdmin(admin.ModelAdmin):
    list_display = ["title", "organisation", "sector", "status", "year", "published_at", "adoption_count", "awarded"]
    list_filter = ["status", "sector", "language", "has_results", "awarded"]
    search_fields = ["title", "lead", "organisation__name_fi"]
    raw_id_fields = ["organisation", "region", "author", "source_experiment"]
    filter_horizontal = ["themes", "co_organisations", "contacts"]
    readonly_fields = ["adoption_count", "search_norm", "created_at", "updated_at"]
    inlines = [DeedImageInline, DeedLinkInline]
    actions = ["reindex"]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        indexing.index_deeds([form.instance])  # published deeds are re-indexed, others dropped

    @admin.action(description="Re-index the selected deeds for search")
    def reindex(self, request, queryset):
        indexing.index_deeds(queryset)


@admin.register(Adoption)
class AdoptionAdmin(admin.ModelAdmin):
    list_display = ["deed", "organisation", "learned_from", "adopted_on"]
    raw_id_fields = ["deed", "organisation", "learned_from", "adopted_by"]


class CommentReportInline(admin.TabularInline):
    model = CommentReport
    raw_id_fields = ["reporter"]
    extra = 0


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["deed", "author", "created_at", "is_hidden", "report_count"]
    list_filter = ["is_hidden"]
    raw_id_fields = ["deed", "author", "hidden_by"]
    inlines = [CommentReportInline]
