from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from latu.accounts.models import User
from latu.experiments.imports import MAX_BYTES
from latu.experiments.models import PHASES, Challenge, Experiment, Measure, Result
from latu.organisations.forms import offer_units
from latu.organisations.models import StrategyGoal, Unit


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def organisation_people(organisation):
    return User.objects.filter(memberships__organisation=organisation, is_active=True).distinct().order_by("name")


class ExperimentForm(forms.ModelForm):
    class Meta:
        model = Experiment
        fields = ["title", "hypothesis", "description", "unit", "strategy_goal", "owner", "team", "starts", "ends"]
        widgets = {
            "hypothesis": forms.Textarea(attrs={"rows": 3}),
            "description": forms.Textarea(attrs={"rows": 5}),
            "starts": DateInput(),
            "ends": DateInput(),
            "team": forms.SelectMultiple(attrs={"size": 8}),
        }
        help_texts = {
            "team": _("The colleagues who carry out the experiment with the owner."),
            "description": _("What will be tried, where and with whom. Markdown is allowed."),
        }

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        offer_units(self.fields["unit"], organisation)
        self.fields["strategy_goal"].queryset = StrategyGoal.objects.filter(organisation=organisation,
                                                                            is_active=True)
        people = organisation_people(organisation)
        self.fields["owner"].queryset = people
        self.fields["owner"].required = True
        self.fields["team"].queryset = people
        self.fields["title"].widget.attrs["autocomplete"] = "off"

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts"), cleaned.get("ends")
        if starts and ends and ends < starts:
            self.add_error("ends", _("The end date must be on or after the start date."))
        return cleaned

    def _post_clean(self):
        # The organisation is set by the action; model validation runs there.
        pass

    def experiment_data(self) -> dict:
        return {field: self.cleaned_data[field] for field in self.Meta.fields if field != "team"}


class PhaseNotesForm(forms.Form):
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
                            max_length=20_000)


class ChecklistItemForm(forms.Form):
    text = forms.CharField(label=_("New checklist item"), max_length=200)


class MeasureForm(forms.ModelForm):
    class Meta:
        model = Measure
        fields = ["indicator", "unit", "baseline", "target", "direction"]
        widgets = {"direction": forms.RadioSelect}
        localized_fields = ["baseline", "target"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.Meta.localized_fields:
            self.fields[name].widget.attrs["inputmode"] = "decimal"

    def _post_clean(self):
        pass


class ResultForm(forms.ModelForm):
    class Meta:
        model = Result
        fields = ["date", "value", "note"]
        widgets = {"date": DateInput()}
        localized_fields = ["value"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["value"].widget.attrs["inputmode"] = "decimal"

    def _post_clean(self):
        pass


class ResultImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "One result per row: date and value, optionally a note, separated by semicolons or commas. "
            "A header row is allowed. Dates as 2026-01-31 or 31.1.2026."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,text/csv,text/plain"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("The file is too large (at most 2 MB)."))
        name = (upload.name or "").lower()
        if not name.endswith((".csv", ".txt")):
            raise forms.ValidationError(_("Choose a CSV file (.csv or .txt)."))
        return upload


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=pgettext_lazy("experiment", "Decision"), choices=Experiment.Decision.choices, widget=forms.RadioSelect
    )
    learnings = forms.CharField(
        label=_("Learnings"), widget=forms.Textarea(attrs={"rows": 5}), max_length=20_000,
        help_text=_("What worked, what did not, and what others should know. Required for every decision."),
    )

    def __init__(self, *args, experiment: Experiment, **kwargs):
        super().__init__(*args, **kwargs)
        if experiment.phase != PHASES[-1][0]:
            self.fields["decision"].choices = [
                (value, label) for value, label in Experiment.Decision.choices if value == Experiment.Decision.STOP
            ]


class ChallengeForm(forms.ModelForm):
    class Meta:
        model = Challenge
        fields = ["title", "description", "unit"]
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        offer_units(self.fields["unit"], organisation)

    def _post_clean(self):
        pass


class ExperimentFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False)
    phase = forms.TypedChoiceField(label=_("Phase"), required=False, coerce=int, empty_value=None)
    unit = forms.ModelChoiceField(label=_("Unit"), required=False, queryset=Unit.objects.none())
    mine = forms.BooleanField(label=_("Only mine"), required=False)

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("All"))] + list(Experiment.Status.choices)
        self.fields["phase"].choices = [("", _("All"))] + [(n, f"{n}. {label}") for n, label in PHASES]
        self.fields["unit"].empty_label = _("All")
        offer_units(self.fields["unit"], organisation, active_only=False)
