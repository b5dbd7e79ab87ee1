"""The answering form of one survey page, built from its questions, and the background
questions (unit, role group)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from latu.organisations.models import Organisation, Unit

from .models import Answer, MatrixRow, Option, Question, RoleGroup, Section, Survey

MAX_TEXT = 5000


def field_name(question: Question, row_id: int | None = None) -> str:
    return f"q{question.pk}" if row_id is None else f"q{question.pk}_r{row_id}"


def _radio_choices(question: Question) -> list[tuple[str, str]]:
    if question.kind == Question.Kind.LIKERT:
        return [(str(n), str(n)) for n in range(1, 6)]
    if question.kind == Question.Kind.SCALE:
        return [(str(n), str(n)) for n in range(0, 11)]
    return [(str(o.pk), o.label) for o in question.options.all()]


class PageForm(forms.Form):
    """The visible questions of one section. ``answers()`` gives what to store."""

    template_name = "surveys/_page_form.html"

    def __init__(self, *args, questions: list[Question], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            label = question.text
            if question.kind == Question.Kind.TEXT:
                self.fields[field_name(question)] = forms.CharField(
                    label=label, required=question.required, max_length=MAX_TEXT,
                    widget=forms.Textarea(attrs={"rows": 4}),
                )
            elif question.kind == Question.Kind.MULTIPLE:
                self.fields[field_name(question)] = forms.MultipleChoiceField(
                    label=label, required=question.required, choices=_radio_choices(question),
                    widget=forms.CheckboxSelectMultiple,
                )
            elif question.kind == Question.Kind.MATRIX:
                choices = _radio_choices(question)
                for row in question.rows.all():
                    self.fields[field_name(question, row.pk)] = forms.ChoiceField(
                        label=row.label, required=question.required, choices=choices, widget=forms.RadioSelect,
                    )
            else:
                self.fields[field_name(question)] = forms.ChoiceField(
                    label=label, required=question.required, choices=_radio_choices(question), widget=forms.RadioSelect,
                )

    def groups(self) -> list[tuple[Question, list[forms.BoundField]]]:
        """Each question with its bound fields (a matrix has one per row)."""
        out = []
        for question in self.questions:
            if question.kind == Question.Kind.MATRIX:
                out.append((question, [self[field_name(question, row.pk)] for row in question.rows.all()]))
            else:
                out.append((question, [self[field_name(question)]]))
        return out

    def answers(self) -> list[Answer]:
        data = self.cleaned_data
        made: list[Answer] = []
        for question in self.questions:
            kind = question.kind
            if kind == Question.Kind.MATRIX:
                for row in question.rows.all():
                    value = data.get(field_name(question, row.pk))
                    if value:
                        made.append(Answer(question=question, row=row, option_id=int(value)))
            elif kind == Question.Kind.MULTIPLE:
                made.extend(Answer(question=question, option_id=int(v)) for v in data.get(field_name(question)) or [])
            elif kind == Question.Kind.TEXT:
                text = (data.get(field_name(question)) or "").strip()
                if text:
                    made.append(Answer(question=question, text=text))
            elif kind in (Question.Kind.LIKERT, Question.Kind.SCALE):
                value = data.get(field_name(question))
                if value not in (None, ""):
                    made.append(Answer(question=question, number=int(value)))
            else:
                value = data.get(field_name(question))
                if value:
                    made.append(Answer(question=question, option_id=int(value)))
        return made


def initial_from(answers: list[Answer]) -> dict[str, object]:
    """Form initial data from stored answers (to resume a page)."""
    initial: dict[str, object] = {}
    for a in answers:
        question = a.question
        if question.kind == Question.Kind.MATRIX and a.row_id:
            initial[field_name(question, a.row_id)] = str(a.option_id)
        elif question.kind == Question.Kind.MULTIPLE:
            initial.setdefault(field_name(question), []).append(str(a.option_id))  # type: ignore[union-attr]
        elif question.kind == Question.Kind.TEXT:
            initial[field_name(question)] = a.text
        elif a.number is not None:
            initial[field_name(question)] = str(a.number)
        elif a.option_id:
            initial[field_name(question)] = str(a.option_id)
    return initial


class BackgroundForm(forms.Form):
    """Optional questions that make results filterable; each can be left unanswered."""

    organisation = forms.ModelChoiceField(label=_("Your organisation"), queryset=Organisation.objects.none(),
                                          required=False)
    unit = forms.ModelChoiceField(label=_("Your unit"), queryset=Unit.objects.none(), required=False,
                                  empty_label=_("I'd rather not say"))
    role = forms.ChoiceField(label=_("Your role"), required=False,
                             choices=[("", _("I'd rather not say")), *RoleGroup.choices], widget=forms.RadioSelect)

    def __init__(self, *args, survey: Survey, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if survey.organisation_id is None:
            self.fields["organisation"].queryset = Organisation.objects.filter(is_active=True).order_by("name_fi")
            del self.fields["unit"]
        else:
            del self.fields["organisation"]
            if survey.ask_unit:
                self.fields["unit"].queryset = Unit.objects.filter(
                    organisation_id=survey.organisation_id, is_active=True).order_by("name_fi")
            else:
                del self.fields["unit"]
        if not survey.ask_role:
            del self.fields["role"]


def sections_of(survey: Survey) -> list[Section]:
    return list(survey.sections.prefetch_related("questions__options", "questions__rows"))


# The questions of surveys that have answers, kept in each process: they can no longer
# change (``actions.ensure_editable``), and every submission needs them. Keyed also by the
# link token, which no other survey has.
_LOCKED_SECTIONS: dict[tuple[int, str], list[Section]] = {}
_LOCKED_SECTIONS_MAX = 64


def answering_sections(survey: Survey) -> list[Section]:
    """``sections_of`` for answering: read once per process when the survey is locked."""
    if not survey.response_count:
        return sections_of(survey)
    key = (survey.pk, survey.link_token)
    sections = _LOCKED_SECTIONS.get(key)
    if sections is None:
        sections = sections_of(survey)
        if len(_LOCKED_SECTIONS) >= _LOCKED_SECTIONS_MAX:
            _LOCKED_SECTIONS.pop(next(iter(_LOCKED_SECTIONS)))
        _LOCKED_SECTIONS[key] = sections
    return sections


# --- the builder ---------------------------------------------------------------------------------

_DATE = {"type": "date"}


def _textarea(rows: int) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class SurveyForm(forms.ModelForm):
    class Meta:
        model = Survey
        fields = ["title_fi", "title_sv", "title_en", "intro_fi", "intro_sv", "intro_en", "opens_on", "closes_on",
                  "threshold", "ask_unit", "ask_role"]
        widgets = {
            "intro_fi": _textarea(4), "intro_sv": _textarea(3), "intro_en": _textarea(3),
            "opens_on": forms.DateInput(attrs=_DATE, format="%Y-%m-%d"),
            "closes_on": forms.DateInput(attrs=_DATE, format="%Y-%m-%d"),
        }

    def clean(self) -> dict:
        data = super().clean()
        opens, closes = data.get("opens_on"), data.get("closes_on")
        if opens and closes and closes < opens:
            self.add_error("closes_on", _("The survey cannot close before it opens."))
        threshold = data.get("threshold")
        if self.instance.pk and self.instance.response_count and threshold is not None \
                and threshold < self.instance.threshold:
            self.add_error("threshold", _("Answers were given with a larger threshold; it cannot be lowered now."))
        return data


class SectionForm(forms.ModelForm):
    class Meta:
        model = Section
        fields = ["title_fi", "title_sv", "title_en"]


SCALE_PRESETS = [
    ("", _("Options written below")),
    ("status", _("Practice status: in use / in trial / planned / not in use, not planned")),
    ("significance", _("Significance: very large / large / moderate / small / none / can't say")),
]


class QuestionForm(forms.ModelForm):
    preset = forms.ChoiceField(label=_("Options"), choices=SCALE_PRESETS, required=False,
                               help_text=_("For choices and matrices: one of the standard scales, "
                                           "or your own options below."))

    class Meta:
        model = Question
        fields = ["kind", "text_fi", "text_sv", "text_en", "required", "show_if"]
        widgets = {"text_fi": _textarea(2), "text_sv": _textarea(2), "text_en": _textarea(2)}

    def __init__(self, *args, section: Section, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Skip logic may depend only on a choice asked on an earlier page.
        earlier = Option.objects.filter(
            question__section__survey_id=section.survey_id, question__section__order__lt=section.order,
            question__kind=Question.Kind.SINGLE,
        ).select_related("question")
        self.fields["show_if"].queryset = earlier
        self.fields["show_if"].label_from_instance = lambda o: f"{o.question.text[:60]} → {o.label}"
        self.fields["show_if"].required = False


class OptionForm(forms.ModelForm):
    class Meta:
        model = Option
        fields = ["label_fi", "label_sv", "label_en"]


class RowForm(forms.ModelForm):
    class Meta:
        model = MatrixRow
        fields = ["label_fi", "label_sv", "label_en"]
        widgets = {"label_fi": _textarea(2), "label_sv": _textarea(2), "label_en": _textarea(2)}


OptionFormSet = forms.inlineformset_factory(Question, Option, form=OptionForm, extra=3, can_delete=True,
                                            max_num=30, validate_max=True)
RowFormSet = forms.inlineformset_factory(Question, MatrixRow, form=RowForm, extra=3, can_delete=True,
                                         max_num=60, validate_max=True)
