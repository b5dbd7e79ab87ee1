from collections.abc import Iterable

import filetype
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.utils.translation import gettext_lazy as _

from latu.audit.models import AuditEvent
from latu.core.forms import FastSelect, KeptChoices
from latu.core.i18n import current_language
from latu.core.images import rebuild_image
from latu.organisations import imports
from latu.organisations.models import Organisation, Role, StrategyGoal, Unit
from latu.organisations.units import unit_choices

LOGO_MAX_BYTES = 2 * 1024 * 1024
LOGO_TYPES = {"image/png": "png", "image/jpeg": "jpg"}


def unit_label(unit: Unit, by_id: dict[int, Unit]) -> str:
    """"Sector › Service area › Unit" from units already loaded (no queries)."""
    names, node, seen = [], unit, set()
    while node is not None and node.pk not in seen:
        seen.add(node.pk)
        names.append(node.name)
        node = by_id.get(node.parent_id)
    return " › ".join(reversed(names))


class UnitChoiceField(forms.ModelChoiceField):
    widget = FastSelect  # an organisation may have well over a thousand units

    def __init__(self, *args, labels: dict[int, str] | None = None, **kwargs):
        self.labels = labels or {}
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj: Unit) -> str:
        return self.labels.get(obj.pk) or obj.name


def offer_units(field: forms.ModelChoiceField, organisation, *, active_only: bool = True) -> None:
    """The organisation's units as the choices of a select: the active ones (kept in the
    cache), or all of them for filtering older records. A city has over a thousand units,
    so no model instance is made for the select, the options are written by ``FastSelect``
    and Django gets the list as it is, without normalising it on every view."""
    units = Unit.objects.filter(organisation=organisation).order_by("name_fi")
    field.queryset = units.filter(is_active=True) if active_only else units  # validates the choice
    choices = unit_choices(organisation.pk, current_language(), active_only=active_only)
    if not isinstance(field.widget, FastSelect):
        attrs, required = field.widget.attrs, field.widget.is_required
        field.widget = FastSelect(attrs=attrs)
        field.widget.is_required = required
    empty = [("", field.empty_label)] if field.empty_label is not None else []
    field.widget.choices = KeptChoices([*empty, *choices], source=choices)


def unit_field(org: Organisation, *, label, required: bool = False, exclude: Iterable[int] = (),
               include: Iterable[int] = (), active_only: bool = True, help_text: str = "") -> UnitChoiceField:
    """A select of the organisation's units ("Sector › Service area › Unit", in tree
    order): active ones, plus ``include`` (e.g. an inactive current parent), minus ``exclude``."""
    exclude, include = set(exclude), set(include)
    units = list(Unit.objects.filter(organisation=org))
    by_id = {u.pk: u for u in units}
    offered = [u for u in units if (u.is_active or not active_only or u.pk in include) and u.pk not in exclude]
    labels = {u.pk: unit_label(u, by_id) for u in offered}
    offered.sort(key=lambda u: labels[u.pk].casefold())
    field = UnitChoiceField(
        Unit.objects.filter(pk__in=[u.pk for u in offered]), labels=labels, required=required, label=label,
        help_text=help_text,
    )
    field.choices = [("", "---------"), *((u.pk, labels[u.pk]) for u in offered)]
    return field


class OrganisationSettingsForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["name_fi", "name_sv", "name_en", "type", "municipality", "logo", "theme_colour",
                  "default_language", "public_channel"]
        widgets = {"logo": forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg"})}
        help_texts = {
            "municipality": _("The region is filled in from the municipality."),
            "logo": _("PNG or JPEG, at most 2 MB."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = self.fields["municipality"].queryset.order_by("name_fi")

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if not isinstance(logo, UploadedFile):
            return logo  # unchanged or cleared
        if logo.size > LOGO_MAX_BYTES:
            raise forms.ValidationError(_("The logo is too big: at most 2 MB is allowed."))
        logo.seek(0)
        kind = filetype.guess(logo.read(261))
        logo.seek(0)
        if kind is None or kind.mime not in LOGO_TYPES:
            raise forms.ValidationError(_("The logo must be a PNG or JPEG image."))
        # Rebuilt from its pixels (latu.core.images): nothing but the picture is stored.
        rebuilt = rebuild_image(logo.read(), allowed=set(LOGO_TYPES))
        return SimpleUploadedFile(f"{self.instance.slug}{rebuilt.suffix}", rebuilt.data,
                                  content_type=rebuilt.content_type)


class UnitForm(forms.ModelForm):
    class Meta:
        model = Unit
        fields = ["name_fi", "name_sv", "name_en", "level", "parent"]

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.organisation = organisation
        self.fields["parent"] = unit_field(
            organisation, label=_("Parent"),
            exclude=self.instance.descendant_ids() if self.instance.pk else (),
            include=[self.instance.parent_id] if self.instance.parent_id else (),
            help_text=_("Leave empty for a sector at the top of the organisation."),
        )

    def clean(self):
        cleaned = super().clean()
        name = cleaned.get("name_fi")
        if name:
            siblings = Unit.objects.filter(
                organisation=self.instance.organisation, parent=cleaned.get("parent"), name_fi__iexact=name
            ).exclude(pk=self.instance.pk)
            if siblings.exists():
                self.add_error("name_fi", _("There is already a unit with this name here."))
        return cleaned


class StrategyGoalForm(forms.ModelForm):
    class Meta:
        model = StrategyGoal
        fields = ["title_fi", "title_sv", "title_en", "description", "starts", "ends", "order"]
        widgets = {
            "starts": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ends": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 5}),
        }
        help_texts = {
            "description": _("You can use Markdown."),
            "order": _("Goals are listed in this order (smallest first)."),
        }

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.organisation = organisation


def _check_admin_unit(form: forms.Form) -> None:
    if form.cleaned_data.get("role") == Role.ADMIN and form.cleaned_data.get("unit") is not None:
        form.add_error("unit", _("The admin role is for the whole organisation: leave the unit empty."))


class PersonForm(forms.Form):
    email = forms.EmailField(label=_("Email address"), max_length=254)
    name = forms.CharField(
        label=_("Name"), max_length=150,
        help_text=_("Used for a new account. Someone who already has an account keeps their own name."),
    )
    title = forms.CharField(label=_("Job title"), max_length=150, required=False)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.EMPLOYEE)

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"] = unit_field(
            organisation, label=_("Unit"), help_text=_("Leave empty for the whole organisation.")
        )

    def clean(self):
        cleaned = super().clean()
        _check_admin_unit(self)
        return cleaned


class RoleGrantForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"] = unit_field(
            organisation, label=_("Unit"), help_text=_("Leave empty for the whole organisation.")
        )

    def clean(self):
        cleaned = super().clean()
        _check_admin_unit(self)
        return cleaned


class PeopleFilterForm(forms.Form):
    q = forms.CharField(label=_("Search by name or email"), required=False, max_length=100)
    role = forms.ChoiceField(label=_("Role"), required=False, choices=[("", _("All roles")), *Role.choices])

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"] = unit_field(organisation, label=_("Unit"), active_only=False)
        self.fields["unit"].choices = [("", _("All units")), *self.fields["unit"].choices[1:]]


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("UTF-8, comma or semicolon separated, at most 1 MB and 5000 people. "
                    "Header row: email, name, role, unit, title."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def clean_file(self) -> str:
        upload = self.cleaned_data["file"]
        if upload.size > imports.MAX_BYTES:
            raise forms.ValidationError(_("The file is too big: at most 1 MB is allowed."))
        try:
            self.text = imports.decode(upload.read())
        except imports.ImportFileError as error:
            raise forms.ValidationError(error.message, code=error.code) from None
        self.filename = (upload.name or "")[:200]
        return upload


class ImportConfirmForm(forms.Form):
    VALID_ROWS = "valid"
    ALL_OR_NOTHING = "all"
    mode = forms.ChoiceField(
        label=_("What to import"),
        choices=[
            (VALID_ROWS, _("Import the valid rows and skip the rows with problems")),
            (ALL_OR_NOTHING, _("Import only if every row is valid")),
        ],
        initial=ALL_OR_NOTHING,
        widget=forms.RadioSelect,
    )


class AuditFilterForm(forms.Form):
    event = forms.ChoiceField(
        label=_("Event"), required=False, choices=[("", _("All events")), *AuditEvent.Action.choices]
    )


class RegisterDescriptionForm(forms.Form):
    """The register description in three languages (plain text: paragraphs separated by
    empty lines)."""

    body_fi = forms.CharField(label=_("In Finnish"), max_length=20000, widget=forms.Textarea(attrs={"rows": 24}))
    body_sv = forms.CharField(label=_("In Swedish"), max_length=20000, required=False,
                              widget=forms.Textarea(attrs={"rows": 24}))
    body_en = forms.CharField(label=_("In English"), max_length=20000, required=False,
                              widget=forms.Textarea(attrs={"rows": 24}))
