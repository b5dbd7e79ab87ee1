from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from latu.accounts.models import User
from latu.experiments.models import LAST_PHASE, Challenge, ChecklistItem, Experiment, Measure, Phase, Result
from latu.organisations.models import Organisation, StrategyGoal, Unit


class ChallengeSerializer(serializers.ModelSerializer):
    organisation = serializers.SlugRelatedField(slug_field="slug", queryset=Organisation.objects.filter(is_active=True))
    unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.all(), required=False, allow_null=True)

    class Meta:
        model = Challenge
        fields = ["id", "organisation", "unit", "title", "description", "created_at"]
        read_only_fields = ["created_at"]

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None:
            fields["organisation"].read_only = True
        return fields

    def validate(self, attrs):
        organisation = attrs.get("organisation") or getattr(self.instance, "organisation", None)
        unit = attrs.get("unit")
        if unit is not None and unit.organisation_id != organisation.pk:
            raise serializers.ValidationError({"unit": _("The unit must belong to the same organisation.")})
        return attrs


class ExperimentSerializer(serializers.ModelSerializer):
    organisation = serializers.SlugRelatedField(slug_field="slug", queryset=Organisation.objects.filter(is_active=True))
    unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.all(), required=False, allow_null=True)
    strategy_goal = serializers.PrimaryKeyRelatedField(
        queryset=StrategyGoal.objects.all(), required=False, allow_null=True
    )
    owner = serializers.PrimaryKeyRelatedField(queryset=User.objects.all(), required=False)
    team = serializers.PrimaryKeyRelatedField(queryset=User.objects.all(), many=True, required=False)
    challenge = serializers.PrimaryKeyRelatedField(queryset=Challenge.objects.all(), required=False, allow_null=True)
    next_round = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = Experiment
        fields = [
            "id", "url", "organisation", "unit", "title", "hypothesis", "description", "owner", "team", "starts",
            "ends", "strategy_goal", "status", "phase", "round", "previous_round", "next_round", "challenge",
            "decision", "learnings", "decided_at", "created_at", "updated_at",
        ]
        read_only_fields = ["status", "phase", "round", "previous_round", "decision", "learnings", "decided_at",
                            "created_at", "updated_at"]

    def get_fields(self):
        fields = super().get_fields()
        if "idea" in {f.name for f in Experiment._meta.get_fields()}:
            from latu.ideas.models import Idea

            fields["idea"] = serializers.PrimaryKeyRelatedField(
                queryset=Idea.objects.all(), required=False, allow_null=True
            )
        if self.instance is not None and not isinstance(self.instance, list):
            for name in ("organisation", "challenge", "idea"):
                if name in fields:
                    fields[name].read_only = True
        return fields

    def get_next_round(self, obj) -> int | None:
        try:
            return obj.next_round.pk
        except Experiment.DoesNotExist:
            return None

    def get_url(self, obj) -> str:
        return obj.get_absolute_url()

    def validate(self, attrs):
        organisation = attrs.get("organisation") or getattr(self.instance, "organisation", None)
        errors = {}
        for name in ("unit", "strategy_goal", "challenge", "idea"):
            value = attrs.get(name)
            if value is not None and value.organisation_id != organisation.pk:
                errors[name] = _("It must belong to the same organisation.")
        starts = attrs.get("starts", getattr(self.instance, "starts", None))
        ends = attrs.get("ends", getattr(self.instance, "ends", None))
        if starts and ends and ends < starts:
            errors["ends"] = _("The end date must be on or after the start date.")
        if errors:
            raise serializers.ValidationError(errors)
        return attrs


class PhaseMoveSerializer(serializers.Serializer):
    to_phase = serializers.IntegerField(min_value=1, max_value=LAST_PHASE)
    from_phase = serializers.IntegerField(min_value=1, max_value=LAST_PHASE, required=False)


class DecisionSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=Experiment.Decision.choices)
    learnings = serializers.CharField(max_length=20_000)


class PhaseSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)

    class Meta:
        model = Phase
        fields = ["id", "experiment", "number", "name", "notes", "started_at", "completed_at"]
        read_only_fields = ["experiment", "number", "started_at", "completed_at"]


class ChecklistItemSerializer(serializers.ModelSerializer):
    label = serializers.CharField(read_only=True)
    experiment = serializers.PrimaryKeyRelatedField(queryset=Experiment.objects.all())

    class Meta:
        model = ChecklistItem
        fields = ["id", "experiment", "phase", "key", "text", "label", "done", "done_at", "done_by"]
        read_only_fields = ["key", "done_at", "done_by"]

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None and not isinstance(self.instance, list):
            fields["experiment"].read_only = True
            fields["phase"].read_only = True
        return fields


class MeasureSerializer(serializers.ModelSerializer):
    experiment = serializers.PrimaryKeyRelatedField(queryset=Experiment.objects.all())
    latest = serializers.SerializerMethodField()

    class Meta:
        model = Measure
        fields = ["id", "experiment", "indicator", "unit", "baseline", "target", "direction", "latest"]

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None and not isinstance(self.instance, list):
            fields["experiment"].read_only = True
        return fields

    def get_latest(self, obj) -> dict | None:
        result = obj.latest_result()
        if result is None:
            return None
        return {"date": result.date.isoformat(), "value": str(result.value)}


class ResultSerializer(serializers.ModelSerializer):
    measure = serializers.PrimaryKeyRelatedField(queryset=Measure.objects.all())

    class Meta:
        model = Result
        fields = ["id", "measure", "date", "value", "note", "recorded_at"]
        read_only_fields = ["recorded_at"]

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None and not isinstance(self.instance, list):
            fields["measure"].read_only = True
        return fields

    def get_validators(self):
        # (measure, date) uniqueness is checked by the action, with a clear message.
        return []


class ResultImportSerializer(serializers.Serializer):
    file = serializers.FileField()
