"""Forms of TOP lists, campaigns (haasta kollega) and awards."""

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from latu.campaigns.models import (
    AwardCategory,
    AwardEvent,
    AwardNomination,
    Campaign,
    Nomination,
    NominationReason,
    TopList,
)
from latu.organisations.models import Organisation
from latu.tori.models import Deed

REASON_MAX = NominationReason._meta.get_field("reason").max_length
AWARD_REASON_MAX = AwardNomination._meta.get_field("reason").max_length

# The honeypot: a field people never see (it is hidden and left out of the tab order);
# a form that fills it is treated as sent by a script.
HONEYPOT_FIELD = "website"


def _textarea(rows: int, maxlength: int | None = None) -> forms.Textarea:
    attrs = {"rows": rows}
    if maxlength:
        attrs["maxlength"] = maxlength
    return forms.Textarea(attrs=attrs)


def _organisations():
    return Organisation.objects.filter(is_active=True).order_by("name_fi")


class OrganisationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name


class TopListForm(forms.ModelForm):
    class Meta:
        model = TopList
        fields = ["title_fi", "title_sv", "title_en", "slug", "introduction_fi", "introduction_sv",
                  "introduction_en", "is_published"]
        widgets = {
            "introduction_fi": _textarea(6, 10000),
            "introduction_sv": _textarea(4, 10000),
            "introduction_en": _textarea(4, 10000),
        }


class AddDeedForm(forms.Form):
    deed = forms.IntegerField(
        label=_("Deed number"), min_value=1,
        help_text=_("The number at the end of the deed's address, or choose a deed from the search below."),
    )
    note = forms.CharField(label=_("Why it is on the list"), max_length=500, required=False)

    def clean_deed(self):
        deed = Deed.objects.filter(pk=self.cleaned_data["deed"], status=Deed.Status.PUBLISHED).first()
        if deed is None:
            raise ValidationError(_("There is no published deed with this number."))
        return deed


class ArrangeForm(forms.Form):
    """Positions (numbers), notes and removals of a TOP list's items, without JavaScript."""

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.items = list(items)
        count = max(len(self.items), 1)
        for item in self.items:
            self.fields[f"position-{item.pk}"] = forms.IntegerField(
                label=_("Position"), min_value=1, max_value=max(count, 999), initial=item.position,
            )
            self.fields[f"note-{item.pk}"] = forms.CharField(
                label=_("Why it is on the list"), max_length=500, required=False, initial=item.note,
            )
            self.fields[f"remove-{item.pk}"] = forms.BooleanField(label=_("Remove from the list"), required=False)

    def rows(self):
        return [
            (item, self[f"position-{item.pk}"], self[f"note-{item.pk}"], self[f"remove-{item.pk}"])
            for item in self.items
        ]

    def positions(self) -> dict[int, int]:
        return {item.pk: self.cleaned_data[f"position-{item.pk}"] for item in self.items}

    def notes(self) -> dict[int, str]:
        return {item.pk: self.cleaned_data.get(f"note-{item.pk}", "") for item in self.items}

    def removed(self) -> set[int]:
        return {item.pk for item in self.items if self.cleaned_data.get(f"remove-{item.pk}")}


class CampaignForm(forms.ModelForm):
    class Meta:
        model = Campaign
        fields = ["title_fi", "title_sv", "title_en", "slug", "starts", "ends", "tag", "introduction_fi",
                  "introduction_sv", "introduction_en", "nominations_open", "is_published"]
        widgets = {
            "starts": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ends": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "introduction_fi": _textarea(6, 10000),
            "introduction_sv": _textarea(4, 10000),
            "introduction_en": _textarea(4, 10000),
        }


class NominationForm(forms.Form):
    """Haasta kollega: whom, their email and organisation, and why."""

    kind = forms.ChoiceField(label=_("Whom do you challenge?"), choices=Nomination.Kind.choices,
                             initial=Nomination.Kind.PERSON, widget=forms.RadioSelect)
    name = forms.CharField(label=_("Name of the person or unit"), max_length=200)
    email = forms.EmailField(label=_("Their email address"),
                             help_text=_("We send the invitation here. Only the programme office sees the address."))
    organisation = OrganisationChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none(), required=False,
        empty_label=_("Choose the organisation"),
    )
    organisation_name = forms.CharField(label=_("Organisation, if it is not in the list"), max_length=200,
                                        required=False)
    reason = forms.CharField(
        label=_("Why should they tell their deed?"), max_length=REASON_MAX, widget=_textarea(4, REASON_MAX),
        help_text=_("A few sentences: what have they developed? The nominee sees your reason."),
    )
    nominator_name = forms.CharField(
        label=_("Your name"), max_length=200, required=False,
        help_text=_("Optional. If you give it, the invitation tells who challenged them."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = _organisations()

    def clean(self):
        data = super().clean()
        if not data.get("organisation") and not (data.get("organisation_name") or "").strip():
            self.add_error("organisation", _("Choose the organisation or write its name."))
        return data


class JuryField(forms.CharField):
    """Jury members by email address, one per line; each must have an account."""

    widget = forms.Textarea(attrs={"rows": 3})

    def clean(self, value):
        value = super().clean(value)
        emails = [line.strip().lower() for line in (value or "").replace(",", "\n").splitlines() if line.strip()]
        people = []
        unknown = []
        User = get_user_model()
        for email in dict.fromkeys(emails):
            try:
                validate_email(email)
            except ValidationError:
                unknown.append(email)
                continue
            person = User.objects.filter(email__iexact=email, is_active=True).first()
            if person is None:
                unknown.append(email)
            else:
                people.append(person)
        if unknown:
            raise ValidationError(
                _("No account with these addresses: %(emails)s"), params={"emails": ", ".join(unknown)}
            )
        return people


class AwardEventForm(forms.ModelForm):
    jury_emails = JuryField(
        label=_("Jury members"), required=False,
        help_text=_("Email addresses of the jury members, one per line. The programme office is always in the jury."),
    )

    class Meta:
        model = AwardEvent
        fields = ["title_fi", "title_sv", "title_en", "slug", "date", "place", "description_fi", "description_sv",
                  "description_en", "categories", "nominations_open", "results_published", "is_published"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description_fi": _textarea(6, 10000),
            "description_sv": _textarea(4, 10000),
            "description_en": _textarea(4, 10000),
            "categories": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["categories"].queryset = AwardCategory.objects.filter(is_active=True)
        self.fields["categories"].label_from_instance = lambda category: category.name
        if self.instance.pk:
            emails = self.instance.jury.order_by("email").values_list("email", flat=True)
            self.initial["jury_emails"] = "\n".join(emails)

    def event_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields if name != "categories"}


class AwardCategoryForm(forms.ModelForm):
    class Meta:
        model = AwardCategory
        fields = ["name_fi", "name_sv", "name_en", "slug", "kind", "is_theme", "description_fi", "description_sv",
                  "description_en", "order", "is_active"]
        widgets = {
            "description_fi": _textarea(3, 2000),
            "description_sv": _textarea(3, 2000),
            "description_en": _textarea(3, 2000),
        }


class CategoryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.name} ({obj.get_kind_display().lower()})"


class AwardNominationForm(forms.Form):
    category = CategoryChoiceField(label=_("Category"), queryset=AwardCategory.objects.none(),
                                   empty_label=_("Choose a category"))
    deed = forms.IntegerField(
        label=_("Deed number"), min_value=1, required=False,
        help_text=_("For deed categories: the number at the end of the deed's address."),
    )
    organisation = OrganisationChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none(), required=False,
        empty_label=_("Choose the organisation"), help_text=_("For organisation categories."),
    )
    person_name = forms.CharField(label=_("Person's name"), max_length=200, required=False,
                                  help_text=_("For people categories."))
    person_title = forms.CharField(label=_("Title or profession"), max_length=200, required=False)
    person_organisation = OrganisationChoiceField(
        label=_("Person's organisation"), queryset=Organisation.objects.none(), required=False,
        empty_label=_("Choose the organisation"),
    )
    reason = forms.CharField(
        label=_("Why does this deserve an award?"), max_length=AWARD_REASON_MAX,
        widget=_textarea(5, AWARD_REASON_MAX),
    )

    def __init__(self, *args, event: AwardEvent, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        self.fields["category"].queryset = event.categories.filter(is_active=True).order_by("order", "name_fi")
        for name in ("organisation", "person_organisation"):
            self.fields[name].queryset = _organisations()

    def clean(self):
        data = super().clean()
        category = data.get("category")
        if category is None:
            return data
        if category.kind == AwardCategory.Kind.DEED:
            deed = None
            if data.get("deed"):
                deed = Deed.objects.select_related("organisation").filter(
                    pk=data["deed"], status=Deed.Status.PUBLISHED
                ).first()
            if deed is None:
                self.add_error("deed", _("Give the number of a published deed."))
            data["deed"] = deed
        else:
            data["deed"] = None
        if category.kind == AwardCategory.Kind.ORGANISATION and not data.get("organisation"):
            self.add_error("organisation", _("Choose the organisation."))
        if category.kind == AwardCategory.Kind.PERSON and not (data.get("person_name") or "").strip():
            self.add_error("person_name", _("Give the person's name."))
        return data

    def nomination_fields(self) -> dict:
        data = self.cleaned_data
        kind = data["category"].kind
        return {
            "deed": data.get("deed") if kind == AwardCategory.Kind.DEED else None,
            "organisation": data.get("organisation") if kind == AwardCategory.Kind.ORGANISATION else None,
            "person_name": data.get("person_name", "") if kind == AwardCategory.Kind.PERSON else "",
            "person_title": data.get("person_title", "") if kind == AwardCategory.Kind.PERSON else "",
            "person_organisation": (
                data.get("person_organisation") if kind == AwardCategory.Kind.PERSON else None
            ),
            "reason": data["reason"],
        }


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=AwardNomination.Decision.choices,
                                 widget=forms.RadioSelect)
    citation = forms.CharField(
        label=_("Citation"), max_length=2000, required=False, widget=_textarea(4, 2000),
        help_text=_("Required for winners and honourable mentions: the jury's words about why."),
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") in AwardNomination.AWARDED and not (data.get("citation") or "").strip():
            self.add_error("citation", _("Write the citation for the award."))
        return data
