from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from latu.organisations.models import Organisation, Unit
from latu.programmes.models import Application, Expert, Participant, Service

PARTICIPANT_ROWS = 8


class ApplicationForm(forms.ModelForm):
    """The application; on submit every part is required and the days must fit the
    service."""

    class Meta:
        model = Application
        fields = ["organisation", "unit", "service", "theme", "justification_results", "justification_wellbeing",
                  "goals", "requested_days", "preferred_expert"]
        widgets = {
            "justification_results": forms.Textarea(attrs={"rows": 4}),
            "justification_wellbeing": forms.Textarea(attrs={"rows": 4}),
            "goals": forms.Textarea(attrs={"rows": 4}),
            "requested_days": forms.NumberInput(attrs={"step": "0.5", "min": "0.5", "inputmode": "decimal"}),
        }
        help_texts = {
            "justification_results": _("Both are needed: the programme supports work that improves results and "
                                       "the quality of working life together."),
        }

    def __init__(self, *args, organisation_ids: set[int], submitting: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.submitting = submitting
        self.fields["organisation"].queryset = Organisation.objects.filter(pk__in=organisation_ids, is_active=True)
        self.fields["unit"].queryset = Unit.objects.filter(organisation_id__in=organisation_ids)
        self.fields["service"].queryset = Service.objects.filter(is_open=True).exclude(kind=Service.Kind.WEBINAR)
        self.fields["preferred_expert"].queryset = Expert.objects.filter(is_active=True)
        if submitting:
            for name in ("theme", "justification_results", "justification_wellbeing", "goals", "requested_days"):
                self.fields[name].required = True

    def clean(self):
        data = super().clean()
        unit, organisation = data.get("unit"), data.get("organisation")
        if unit and organisation and unit.organisation_id != organisation.pk:
            self.add_error("unit", _("Choose a unit of the applying organisation."))
        service, days = data.get("service"), data.get("requested_days")
        if self.submitting and service and days is not None and not (service.min_days <= days <= service.max_days):
            self.add_error("requested_days", _("This service is given for %(min)s–%(max)s days.") % {
                "min": _days(service.min_days), "max": _days(service.max_days)})
        return data


def _days(value: Decimal) -> str:
    return f"{value.normalize():f}"


class ParticipantsForm(forms.Form):
    """Rows of participants: a name and a role group; empty rows are left out."""

    def __init__(self, *args, initial_rows: list[tuple[str, str]] = (), **kwargs):
        super().__init__(*args, **kwargs)
        rows = list(initial_rows)
        for i in range(max(PARTICIPANT_ROWS, len(rows) + 2)):
            name, group = rows[i] if i < len(rows) else ("", "")
            self.fields[f"name_{i}"] = forms.CharField(
                label=_("Participant %(number)s: name") % {"number": i + 1}, max_length=200, required=False,
                initial=name)
            self.fields[f"group_{i}"] = forms.ChoiceField(
                label=_("Participant %(number)s: role group") % {"number": i + 1}, required=False,
                choices=[("", "—"), *Participant.RoleGroup.choices], initial=group)

    @property
    def row_count(self) -> int:
        return len(self.fields) // 2

    def rows(self) -> list[tuple[str, str]]:
        found = []
        for i in range(self.row_count):
            name = (self.cleaned_data.get(f"name_{i}") or "").strip()
            group = self.cleaned_data.get(f"group_{i}") or ""
            if name:
                found.append((name, group))
        return found

    def clean(self):
        data = super().clean()
        for i in range(self.row_count):
            if (data.get(f"name_{i}") or "").strip() and not data.get(f"group_{i}"):
                self.add_error(f"group_{i}", _("Choose the participant's role group."))
        return data

    def row_pairs(self):
        return [(self[f"name_{i}"], self[f"group_{i}"]) for i in range(self.row_count)]


class DecisionForm(forms.Form):
    GRANT, DECLINE = "grant", "decline"

    check_results_and_wellbeing = forms.BooleanField(
        label=_("The work serves both results and the quality of working life"), required=False)
    check_cooperation = forms.BooleanField(
        label=_("Management and staff representatives take part together"), required=False)
    check_budget = forms.BooleanField(label=_("The requested days fit in the programme's budget"), required=False)
    check_expert = forms.BooleanField(label=_("The preferred expert is available"), required=False)
    outcome = forms.ChoiceField(
        label=_("Decision"), widget=forms.RadioSelect, required=False,
        choices=[(GRANT, _("Grant")), (DECLINE, _("Decline"))])
    granted_days = forms.DecimalField(label=_("Granted days"), max_digits=4, decimal_places=1, min_value=Decimal("0.5"),
                                      required=False)
    reasons = forms.CharField(label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 4}), required=False,
                              max_length=5000)

    CHECKS = ("check_results_and_wellbeing", "check_cooperation", "check_budget", "check_expert")

    def __init__(self, *args, deciding: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.deciding = deciding

    def clean(self):
        data = super().clean()
        if not self.deciding:
            return data
        outcome = data.get("outcome")
        if not outcome:
            self.add_error("outcome", _("Choose whether to grant or decline."))
        elif outcome == self.GRANT:
            if not data.get("granted_days"):
                self.add_error("granted_days", _("Give the granted days."))
            if not all(data.get(name) for name in self.CHECKS):
                raise forms.ValidationError(_("Tick every item of the eligibility checklist before granting."))
        elif not (data.get("reasons") or "").strip():
            self.add_error("reasons", _("Give the reasons for declining."))
        return data

    def checks(self) -> dict[str, bool]:
        return {name: bool(self.cleaned_data.get(name)) for name in self.CHECKS}
