"""Surveys in /api/v1/: their questions (to build an answering client), a whole response
(write), and aggregated results (read, under the anonymity rules)."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from latu.surveys.forms import MAX_TEXT
from latu.surveys.models import MatrixRow, Option, Question, RoleGroup, Section, Survey


class OptionSerializer(serializers.ModelSerializer):
    label = serializers.CharField()

    class Meta:
        model = Option
        fields = ["id", "value", "label", "label_fi", "label_sv", "label_en"]


class RowSerializer(serializers.ModelSerializer):
    label = serializers.CharField()

    class Meta:
        model = MatrixRow
        fields = ["id", "label", "label_fi", "label_sv", "label_en"]


class QuestionSerializer(serializers.ModelSerializer):
    text = serializers.CharField()
    options = OptionSerializer(many=True)
    rows = RowSerializer(many=True)

    class Meta:
        model = Question
        fields = ["id", "kind", "text", "text_fi", "text_sv", "text_en", "required", "show_if", "options", "rows"]


class SectionSerializer(serializers.ModelSerializer):
    title = serializers.CharField()
    questions = QuestionSerializer(many=True)

    class Meta:
        model = Section
        fields = ["id", "title", "title_fi", "title_sv", "title_en", "questions"]


class SurveySerializer(serializers.ModelSerializer):
    title = serializers.CharField()
    organisation = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    is_open = serializers.BooleanField()

    class Meta:
        model = Survey
        fields = ["id", "title", "title_fi", "title_sv", "title_en", "organisation", "status", "is_open",
                  "opens_on", "closes_on", "threshold", "version", "response_count", "link_token"]


class SurveyDetailSerializer(SurveySerializer):
    intro = serializers.CharField()
    sections = SectionSerializer(many=True)

    class Meta(SurveySerializer.Meta):
        fields = [*SurveySerializer.Meta.fields, "intro", "intro_fi", "intro_sv", "intro_en", "ask_unit",
                  "ask_role", "sections"]


class AnswerInSerializer(serializers.Serializer):
    question = serializers.IntegerField(min_value=1)
    row = serializers.IntegerField(min_value=1, required=False, allow_null=True)
    option = serializers.IntegerField(min_value=1, required=False, allow_null=True)
    options = serializers.ListField(child=serializers.IntegerField(min_value=1), required=False, max_length=50)
    number = serializers.IntegerField(min_value=0, max_value=10, required=False, allow_null=True)
    text = serializers.CharField(required=False, allow_blank=True, max_length=MAX_TEXT)


class ResponseInSerializer(serializers.Serializer):
    invitation = serializers.CharField(required=False, allow_blank=True, max_length=40,
                                       help_text=_("The token of a personal invitation, when answering with one."))
    organisation = serializers.IntegerField(min_value=1, required=False, allow_null=True)
    unit = serializers.IntegerField(min_value=1, required=False, allow_null=True)
    role = serializers.ChoiceField(choices=RoleGroup.choices, required=False, allow_blank=True)
    answers = serializers.ListField(child=AnswerInSerializer(), max_length=1000)


class ResponseOutSerializer(serializers.Serializer):
    sent = serializers.BooleanField()
    submitted_on = serializers.DateField()


class ResultRowSerializer(serializers.Serializer):
    label = serializers.CharField()
    counts = serializers.ListField(child=serializers.IntegerField())
    shares = serializers.ListField(child=serializers.FloatField())
    answered = serializers.IntegerField()


class QuestionResultSerializer(serializers.Serializer):
    question = serializers.IntegerField()
    kind = serializers.CharField()
    text = serializers.CharField()
    columns = serializers.ListField(child=serializers.CharField())
    rows = ResultRowSerializer(many=True)
    answered = serializers.IntegerField()
    mean = serializers.FloatField(allow_null=True)
    texts = serializers.ListField(child=serializers.CharField())


class ResultsSerializer(serializers.Serializer):
    survey = serializers.IntegerField()
    total = serializers.IntegerField()
    count = serializers.IntegerField()
    hidden = serializers.BooleanField()
    reason = serializers.CharField(allow_blank=True)
    threshold = serializers.IntegerField()
    questions = QuestionResultSerializer(many=True)
