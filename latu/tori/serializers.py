from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from latu.organisations.models import Organisation
from latu.tori.models import LICENCE_NAME, SECTOR_NAMES_FI, Adoption, Comment, Deed, Sector, Theme


class ThemeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Theme
        fields = ["slug", "name_fi", "name_sv", "name_en"]


class _OrganisationRef(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    region = serializers.CharField(source="region_id", allow_null=True)


class DeedListSerializer(serializers.ModelSerializer):
    """A deed in a list (without the long texts)."""

    url = serializers.SerializerMethodField()
    organisation = _OrganisationRef()
    sector_name = serializers.CharField(source="get_sector_display")
    sector_fi = serializers.SerializerMethodField()
    themes = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    region = serializers.CharField(source="region_id", allow_null=True)
    score = serializers.SerializerMethodField()

    class Meta:
        model = Deed
        fields = [
            "id", "url", "title", "lead", "organisation", "region", "sector", "sector_name", "sector_fi", "themes",
            "year", "language", "status", "published_at", "has_results", "awarded", "adoption_count", "score",
        ]

    def get_url(self, deed) -> str:
        request = self.context.get("request")
        path = deed.get_absolute_url()
        return request.build_absolute_uri(path) if request else path

    def get_sector_fi(self, deed) -> str:
        return SECTOR_NAMES_FI.get(deed.sector, "")

    def get_score(self, deed) -> float | None:
        scores = self.context.get("scores") or {}
        value = scores.get(deed.pk)
        return round(value, 4) if value is not None else None


class DeedSerializer(DeedListSerializer):
    """A deed with all its text."""

    co_organisations = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    keywords = serializers.ListField(source="keyword_list", child=serializers.CharField())
    contacts = serializers.SerializerMethodField()
    images = serializers.SerializerMethodField()
    links = serializers.SerializerMethodField()
    licence = serializers.SerializerMethodField()

    class Meta(DeedListSerializer.Meta):
        fields = [
            *DeedListSerializer.Meta.fields, "story", "results", "how_to_adopt", "co_organisations", "keywords",
            "contacts", "images", "links", "licence", "review_note",
        ]

    def get_contacts(self, deed) -> list[dict]:
        request = self.context.get("request")
        signed_in = bool(request and request.user.is_authenticated)
        people = [{"name": person.name, "email": person.email if signed_in else None} for person in deed.contacts.all()]
        if deed.contact_name:
            people.append({"name": deed.contact_name, "email": deed.contact_email if signed_in else None})
        return people

    def get_images(self, deed) -> list[dict]:
        request = self.context.get("request")
        return [
            {"url": request.build_absolute_uri(image.url) if request else image.url,
             "alt_text": image.alt_text, "caption": image.caption}
            for image in deed.images.all()
        ]

    def get_links(self, deed) -> list[dict]:
        return [{"url": link.url, "title": link.title} for link in deed.links.all()]

    def get_licence(self, deed) -> str:
        return LICENCE_NAME


class DeedWriteSerializer(serializers.Serializer):
    """Fields for telling or editing a deed. ``organisation`` and ``co_organisations`` are
    slugs; ``themes`` are theme slugs; ``keywords`` a list of words."""

    title = serializers.CharField(max_length=200)
    lead = serializers.CharField(max_length=400)
    story = serializers.CharField(max_length=20000)
    sector = serializers.ChoiceField(choices=Sector.choices)
    organisation = serializers.SlugRelatedField(slug_field="slug", queryset=Organisation.objects.filter(is_active=True))
    results = serializers.CharField(max_length=10000, required=False, allow_blank=True)
    how_to_adopt = serializers.CharField(max_length=10000, required=False, allow_blank=True)
    has_results = serializers.BooleanField(required=False)
    themes = serializers.SlugRelatedField(slug_field="slug", many=True, queryset=Theme.objects.filter(is_active=True),
                                          required=False)
    co_organisations = serializers.SlugRelatedField(
        slug_field="slug", many=True, queryset=Organisation.objects.filter(is_active=True), required=False
    )
    keywords = serializers.ListField(child=serializers.CharField(max_length=60), required=False, max_length=30)
    language = serializers.ChoiceField(choices=Deed.Language.choices, required=False)
    year = serializers.IntegerField(required=False, min_value=2000, max_value=2100)
    contact_name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    contact_email = serializers.EmailField(required=False, allow_blank=True)
    submit = serializers.BooleanField(required=False, default=False, write_only=True,
                                      help_text=_("Send the deed for publication at once."))

    def deed_fields(self) -> dict:
        data = dict(self.validated_data)
        data.pop("submit", None)
        if "keywords" in data:
            data["keywords"] = ", ".join(word.replace(",", " ").strip() for word in data["keywords"] if word.strip())
        return data


class ModerationSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=["publish", "return", "archive"])
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class AdoptionSerializer(serializers.ModelSerializer):
    organisation = serializers.SlugRelatedField(slug_field="slug", queryset=Organisation.objects.filter(is_active=True))
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)
    region = serializers.CharField(source="organisation.region_id", read_only=True, allow_null=True)
    learned_from = serializers.SlugRelatedField(
        slug_field="slug", queryset=Organisation.objects.filter(is_active=True), required=False, allow_null=True
    )

    class Meta:
        model = Adoption
        fields = ["id", "deed", "organisation", "organisation_name", "region", "learned_from", "adopted_on", "note",
                  "outcome", "created_at"]
        read_only_fields = ["deed", "created_at"]


class CommentSerializer(serializers.ModelSerializer):
    author = serializers.CharField(source="author.name", read_only=True, allow_null=True)

    class Meta:
        model = Comment
        fields = ["id", "deed", "author", "body", "created_at", "is_hidden"]
        read_only_fields = ["deed", "author", "created_at", "is_hidden"]
