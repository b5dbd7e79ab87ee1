from django.urls import NoReverseMatch
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from latu.campaigns.forms import AWARD_REASON_MAX, REASON_MAX
from latu.campaigns.models import AwardCategory, AwardEvent, AwardNomination, Campaign, Nomination, TopList
from latu.organisations.models import Organisation
from latu.tori.models import Deed


def _deed_url(deed) -> str | None:
    try:
        return deed.get_absolute_url()
    except NoReverseMatch:
        return None


class DeedSummarySerializer(serializers.ModelSerializer):
    organisation = serializers.CharField(source="organisation.name")
    organisation_slug = serializers.CharField(source="organisation.slug")
    url = serializers.SerializerMethodField()

    class Meta:
        model = Deed
        fields = ["id", "url", "title", "lead", "organisation", "organisation_slug", "sector", "year", "language"]

    def get_url(self, obj) -> str | None:
        return _deed_url(obj)


class TopListItemSerializer(serializers.Serializer):
    position = serializers.IntegerField()
    note = serializers.CharField()
    deed = DeedSummarySerializer()


class TopListSerializer(serializers.ModelSerializer):
    title = serializers.CharField()
    introduction = serializers.CharField()
    deed_count = serializers.IntegerField(read_only=True)
    url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = TopList
        fields = ["slug", "url", "title", "title_fi", "title_sv", "title_en", "introduction", "deed_count",
                  "is_published", "created_at", "updated_at"]


class TopListDetailSerializer(TopListSerializer):
    items = serializers.SerializerMethodField()

    class Meta(TopListSerializer.Meta):
        fields = [*TopListSerializer.Meta.fields, "introduction_fi", "introduction_sv", "introduction_en", "items"]

    def get_items(self, obj) -> list[dict]:
        return TopListItemSerializer(self.context.get("items", []), many=True).data


class CampaignSerializer(serializers.ModelSerializer):
    title = serializers.CharField()
    introduction = serializers.CharField()
    state = serializers.CharField()
    accepts_nominations = serializers.BooleanField()
    deed_count = serializers.IntegerField(read_only=True)
    url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = Campaign
        fields = ["slug", "url", "title", "title_fi", "title_sv", "title_en", "introduction", "tag", "starts",
                  "ends", "state", "nominations_open", "accepts_nominations", "deed_count", "is_published"]


class WeekSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    week = serializers.IntegerField()
    monday = serializers.DateField()
    deeds = serializers.IntegerField()
    nominations = serializers.IntegerField()


class CampaignResultsSerializer(serializers.Serializer):
    deeds_total = serializers.IntegerField()
    nominations_sent = serializers.IntegerField()
    nominations_told = serializers.IntegerField()
    nominations_declined = serializers.IntegerField()
    nominations_expired = serializers.IntegerField()
    conversion = serializers.FloatField(allow_null=True)
    weeks = WeekSerializer(many=True)


class CampaignDetailSerializer(CampaignSerializer):
    results = serializers.SerializerMethodField()

    class Meta(CampaignSerializer.Meta):
        fields = [*CampaignSerializer.Meta.fields, "introduction_fi", "introduction_sv", "introduction_en", "results"]

    def get_results(self, obj) -> dict:
        return CampaignResultsSerializer(self.context["results"]).data


class NominationSerializer(serializers.Serializer):
    """Haasta kollega through the API."""

    # A plain string in the schema ("person" or "unit"): an enum named "kind" would
    # collide with the other "kind" enums of the API.
    kind = serializers.CharField(default=Nomination.Kind.PERSON, help_text="person | unit")
    name = serializers.CharField(max_length=200)
    email = serializers.EmailField()
    organisation = serializers.SlugRelatedField(
        slug_field="slug", queryset=Organisation.objects.filter(is_active=True), required=False, allow_null=True
    )
    organisation_name = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    reason = serializers.CharField(max_length=REASON_MAX)
    nominator_name = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")

    def validate_kind(self, value: str) -> str:
        if value not in Nomination.Kind.values:
            raise serializers.ValidationError(_("Choose a person or a unit."))
        return value

    def validate(self, attrs):
        if not attrs.get("organisation") and not attrs.get("organisation_name", "").strip():
            raise serializers.ValidationError({"organisation": _("Choose the organisation or write its name.")})
        return attrs


class AwardCategorySerializer(serializers.ModelSerializer):
    kind = serializers.CharField(read_only=True, help_text="organisation | person | deed")
    name = serializers.CharField()
    description = serializers.CharField()

    class Meta:
        model = AwardCategory
        fields = ["slug", "kind", "is_theme", "name", "name_fi", "name_sv", "name_en", "description"]


class AwardSerializer(serializers.ModelSerializer):
    """A published award (winner or honourable mention)."""

    category = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    deed = DeedSummarySerializer(allow_null=True)
    organisation = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    organisation_name = serializers.SerializerMethodField()
    person_organisation = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = AwardNomination
        fields = ["id", "category", "decision", "citation", "deed", "organisation", "organisation_name",
                  "person_name", "person_title", "person_organisation"]

    def get_organisation_name(self, obj) -> str | None:
        return obj.organisation.name if obj.organisation_id else None


class AwardEventSerializer(serializers.ModelSerializer):
    title = serializers.CharField()
    description = serializers.CharField()
    categories = AwardCategorySerializer(many=True, read_only=True)
    url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = AwardEvent
        fields = ["slug", "url", "title", "title_fi", "title_sv", "title_en", "date", "place", "description",
                  "categories", "nominations_open", "results_published", "is_published"]


class AwardEventDetailSerializer(AwardEventSerializer):
    awards = serializers.SerializerMethodField()

    class Meta(AwardEventSerializer.Meta):
        fields = [*AwardEventSerializer.Meta.fields, "description_fi", "description_sv", "description_en", "awards"]

    def get_awards(self, obj) -> list[dict]:
        return AwardSerializer(self.context.get("awards", []), many=True).data


class AwardNominationCreateSerializer(serializers.Serializer):
    category = serializers.SlugRelatedField(slug_field="slug", queryset=AwardCategory.objects.filter(is_active=True))
    deed = serializers.PrimaryKeyRelatedField(
        queryset=Deed.objects.filter(status=Deed.Status.PUBLISHED), required=False, allow_null=True
    )
    organisation = serializers.SlugRelatedField(
        slug_field="slug", queryset=Organisation.objects.filter(is_active=True), required=False, allow_null=True
    )
    person_name = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    person_title = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    person_organisation = serializers.SlugRelatedField(
        slug_field="slug", queryset=Organisation.objects.filter(is_active=True), required=False, allow_null=True
    )
    reason = serializers.CharField(max_length=AWARD_REASON_MAX)


class AwardNominationResultSerializer(serializers.ModelSerializer):
    category = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    event = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    target = serializers.CharField(source="target_name")

    class Meta:
        model = AwardNomination
        fields = ["id", "event", "category", "target", "deed", "organisation", "person_name", "reason", "created_at"]
