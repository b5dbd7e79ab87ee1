from django import forms
from django.utils.translation import gettext_lazy as _

from latu.notifications.registry import CATEGORY_HELP, Category, EmailDelivery


class PreferencesForm(forms.Form):
    """Two fields per category: ``<category>-in_app`` and ``<category>-email``."""

    def __init__(self, *args, current: dict[str, tuple[bool, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.current = current
        for category in Category:
            in_app, email = current[category]
            self.fields[f"{category}-in_app"] = forms.BooleanField(
                label=_("Show in Latu"), required=False, initial=in_app
            )
            # Not marked required: the list always has a choice, and one left out keeps its setting.
            self.fields[f"{category}-email"] = forms.ChoiceField(
                label=_("Email"), choices=EmailDelivery.choices, initial=email, required=False
            )

    def groups(self) -> list[dict]:
        return [
            {"category": category, "label": category.label, "help": CATEGORY_HELP.get(category, ""),
             "fields": [self[f"{category}-in_app"], self[f"{category}-email"]]}
            for category in Category
        ]

    def choices(self) -> dict[str, tuple[bool, str]]:
        return {
            category: (self.cleaned_data[f"{category}-in_app"],
                       self.cleaned_data[f"{category}-email"] or self.current[category][1])
            for category in Category
        }
