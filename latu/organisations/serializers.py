from rest_framework import serializers

from latu.organisations.models import Membership, Municipality, Organisation, Region, StrategyGoal, Unit


class RegionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Region
        fields = ["code", "name_fi", "name_sv", "name_en"]


class MunicipalitySerializer(serializers.ModelSerializer):
    class Meta:
        model = Municipality
        fields = ["code", "name_fi", "name_sv", "region"]


class OrganisationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = ["id", "slug", "type", "name_fi", "name_sv", "name_en", "municipality", "region", "theme_colour",
                  "public_channel"]


class UnitSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)  # in the request's language

    class Meta:
        model = Unit
        fields = ["id", "organisation", "parent", "level", "name", "name_fi", "name_sv", "name_en", "is_active"]
        read_only_fields = ["organisation"]


class StrategyGoalSerializer(serializers.ModelSerializer):
    title = serializers.CharField(read_only=True)  # in the request's language

    class Meta:
        model = StrategyGoal
        fields = ["id", "organisation", "title", "title_fi", "title_sv", "title_en", "description", "starts", "ends",
                  "is_active"]
        read_only_fields = ["organisation"]


class MembershipSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="user.name", read_only=True)

    class Meta:
        model = Membership
        fields = ["id", "user", "name", "organisation", "unit", "role"]
