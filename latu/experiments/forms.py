from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from latu.accounts.models import User
from latu.core.forms import FastSelect, FastSelectMultiple, KeptChoices, SearchWithButton
from latu.experiments.imports import MAX_BYTES
from latu.experiments.models import PHASES, Challenge, Experiment, Measure, Result
from latu.organisations.forms import offer_units
from latu.organisations.models import Membership, StrategyGoal, Unit


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def organisation_people(organisation):
    return User.objects.filter(memberships__organisation=organisation, is_active=True).distinct().order_by("name")


# An organisation up to this size offers everyone as owner and team; a bigger one (a city
# has tens of thousands of people) offers the people chosen so far, the person filling in
# the form and those found with "Find people".
PEOPLE_OFFERED_ALL = 300
PEOPLE_FOUND = 30


class ExperimentForm(forms.ModelForm):
    find_people = forms.CharField(
        label=_("Find people"), required=False, max_length=100, widget=SearchWithButton(),
        help_text=_("Part of a name or an e-mail address. The people found can then be chosen as owner or team."),
    )
    field_order = ["title", "hypothesis", "description", "unit", "strategy_goal", "find_people", "owner", "team",
                   "starts", "ends"]

    class Meta:
        model = Experiment
        fields = ["title", "hypothesis", "description", "unit", "strategy_goal", "owner", "team", "starts", "ends"]
        widgets = {
            "hypothesis": forms.Textarea(attrs={"rows": 3}),
            "description": forms.Textarea(attrs={"rows": 5}),
            "starts": DateInput(),
            "ends": DateInput(),
            "owner": FastSelect(),
            "team": FastSelectMultiple(attrs={"size": 8}),
        }
        help_texts = {
            "team": _("The colleagues who carry out the experiment with the owner."),
            "description": _("What will be tried, where and with whom. Markdown is allowed."),
        }

    def __init__(self, *args, organisation, user=None, find_people: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.fields["unit"].empty_label = _("The whole organisation")
        offer_units(self.fields["unit"], organisation)
        self.fields["strategy_goal"].queryset = StrategyGoal.objects.filter(organisation=organisation,
                                                                            is_active=True)
        self.fields["strategy_goal"].empty_label = _("No particular goal")
        self.fields["owner"].empty_label = _("Choose the owner")
        people = organisation_people(organisation)
        self.fields["owner"].queryset = people  # what a choice is validated against
        self.fields["owner"].required = True
        self.fields["team"].queryset = people
        self.people_found = self._offer_people(people, user, find_people.strip())
        self.fields["title"].widget.attrs["autocomplete"] = "off"

    def _chosen_ids(self) -> set[int]:
        ids = set()
        for name in ("owner", "team"):
            value = self[name].value()
            for item in value if isinstance(value, list | tuple) else [value]:
                try:
                    ids.add(int(getattr(item, "pk", item)))
                except (TypeError, ValueError):
                    continue
        return ids

    def _offer_people(self, people, user, query: str) -> int | None:
        """Set the options of owner and team; return how many were found for ``query``."""
        columns = ("pk", "name", "email")
        found = None
        # Counted from the memberships, without sorting a city's people (a person with
        # several roles counts more than once: such an organisation is simply "big").
        roles = Membership.objects.filter(organisation=self.organisation)[: PEOPLE_OFFERED_ALL + 1].count()
        if roles <= PEOPLE_OFFERED_ALL:
            offered = list(people.values_list(*columns))
            if query:
                found = sum(1 for _pk, name, email in offered if query.casefold() in f"{name} {email}".casefold())
        else:
            wanted = self._chosen_ids() | ({user.pk} if user is not None else set())
            offered = list(people.filter(pk__in=wanted).values_list(*columns))
            if query:
                matches = list(people.filter(Q(name__icontains=query) | Q(email__icontains=query))
                               .values_list(*columns)[:PEOPLE_FOUND])
                found = len(matches)
                offered = sorted({row[0]: row for row in [*offered, *matches]}.values(), key=lambda r: r[1].casefold())
        choices = [(pk, f"{name} ({email})" if name else email) for pk, name, email in offered]
        self.fields["owner"].widget.choices = KeptChoices([("", self.fields["owner"].empty_label), *choices])
        self.fields["team"].widget.choices = KeptChoices(choices)
        return found

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
