from django import forms
from django.utils.translation import gettext_lazy as _

from latu.organisations.models import Unit

from .models import Indicator

MAX_UPLOAD = 1_000_000


class IndicatorForm(forms.ModelForm):
    class Meta:
        model = Indicator
        fields = ["kind", "name_fi", "name_sv", "name_en", "measure", "higher_is_better"]


class ValueForm(forms.Form):
    month = forms.CharField(label=_("Month"), max_length=7, help_text=_("YYYY-MM, e.g. 2026-11."),
                            widget=forms.TextInput(attrs={"type": "month", "placeholder": "2026-11"}))
    value = forms.DecimalField(label=_("Value"), max_digits=14, decimal_places=3)
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none(), required=False,
                                  empty_label=_("The whole organisation"))

    def __init__(self, *args, organisation, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        units = Unit.objects.filter(organisation=organisation, is_active=True)
        self.fields["unit"].queryset = units.order_by("name_fi")

    def clean_month(self):
        from .actions import parse_month

        try:
            return parse_month(self.cleaned_data["month"])
        except ValueError:
            raise forms.ValidationError(_("Write the month as YYYY-MM.")) from None


class ImportForm(forms.Form):
    file = forms.FileField(label=_("CSV file"), help_text=_(
        "Columns indicator;month;value;unit — the indicator by its name, the month as YYYY-MM, the unit "
        "optional. At most 1 MB."))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(_("The file is too large (at most 1 MB)."))
        return upload
