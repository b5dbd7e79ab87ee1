"""Django admin for the platform's maintainers. Ideas and everything decided about them
are read-only here: every change goes through latu.ideas.actions, which keeps the
timeline, the audit log and the notifications right. Criteria and forums can be set up."""

from django.contrib import admin

from latu.ideas.models import Criterion, Decision, Forum, ForumMeeting, Idea, PipelineSettings


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Idea)
class IdeaAdmin(ReadOnlyAdmin):
    list_display = ["title", "organisation", "unit", "status", "source", "is_anonymous", "support_count",
                    "created_at"]
    list_filter = ["status", "source", "is_anonymous", "organisation"]
    list_select_related = ["organisation", "unit"]
    search_fields = ["title", "description"]
    date_hierarchy = "created_at"
    # The author of an anonymous idea is empty anyway; the receipt hash and the
    # submission key are not shown at all.
    exclude = ["receipt_hash", "submission_key"]


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = ["idea", "kind", "decided_by", "created_at"]
    list_filter = ["kind"]
    list_select_related = ["idea", "decided_by"]
    search_fields = ["idea__title", "reason"]


@admin.register(Criterion)
class CriterionAdmin(admin.ModelAdmin):
    list_display = ["name_fi", "organisation", "lower_is_better", "order", "is_active"]
    list_filter = ["organisation", "is_active"]
    list_select_related = ["organisation"]
    raw_id_fields = ["organisation"]


class MeetingInline(admin.TabularInline):
    model = ForumMeeting
    extra = 0
    fields = ["date", "notes"]


@admin.register(Forum)
class ForumAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "kind", "unit", "is_active"]
    list_filter = ["kind", "is_active", "organisation"]
    list_select_related = ["organisation", "unit"]
    raw_id_fields = ["organisation", "unit"]
    inlines = [MeetingInline]


@admin.register(PipelineSettings)
class PipelineSettingsAdmin(admin.ModelAdmin):
    list_display = ["organisation", "first_response_target_days", "decision_target_days"]
    raw_id_fields = ["organisation"]
