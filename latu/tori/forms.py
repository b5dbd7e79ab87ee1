"""Forms of Tekojen tori. The deed form asks five things (title, lead, story, sector,
organisation); everything else is optional and shown behind "add details"."""

import filetype
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from latu.core.images import rebuild_image
from latu.tori.models import Adoption, Comment, Deed, Sector, Theme, current_year

SIMPLE_FIELDS = ("title", "lead", "story", "sector", "organisation")
DETAIL_FIELDS = (
    "results", "has_results", "how_to_adopt", "themes", "keywords", "co_organisations", "language", "year",
    "contact_me", "contact_name", "contact_email",
)
IMAGE_TYPES = {"image/jpeg", "image/png", "image/webp", "image/gif"}


class DeedForm(forms.ModelForm):
    contact_me = forms.BooleanField(
        label=_("Show me as a contact person"), required=False, initial=False,
        help_text=_("Others who want to adopt the deed can ask you about it."),
    )

    class Meta:
        model = Deed
        fields = [*SIMPLE_FIELDS, *(name for name in DETAIL_FIELDS if name != "contact_me")]
        widgets = {
            "lead": forms.Textarea(attrs={"rows": 2}),
            "story": forms.Textarea(attrs={"rows": 8}),
            "results": forms.Textarea(attrs={"rows": 4}),
            "how_to_adopt": forms.Textarea(attrs={"rows": 4}),
            "themes": forms.CheckboxSelectMultiple,
            "co_organisations": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args, organisations=None, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["organisation"].empty_label = _("Choose the organisation")
        if organisations is not None:
            self.fields["organisation"].queryset = organisations
            if organisations.count() == 1 and not self.initial.get("organisation"):
                self.initial["organisation"] = organisations.first().pk
        self.fields["co_organisations"].queryset = self.fields["co_organisations"].queryset.filter(is_active=True)
        self.fields["themes"].queryset = Theme.objects.filter(is_active=True)
        self.fields["sector"].choices = [("", _("Choose a sector"))] + list(Sector.choices)
        if self.instance.pk and user is not None:
            self.initial["contact_me"] = self.instance.contacts.filter(pk=user.pk).exists()
        for name in ("title", "lead", "story"):
            self.fields[name].widget.attrs.setdefault("maxlength", self.fields[name].max_length or "")
        self.fields["year"].widget.attrs.update({"min": 2000, "max": timezone.localdate().year + 1})
        # Details are optional: an empty year means this year, an empty language the organisation's.
        for name in ("language", "year"):
            self.fields[name].required = False
        self.fields["language"].choices = [("", _("The organisation's language"))] + list(Deed.Language.choices)

    def clean_year(self):
        return self.cleaned_data.get("year") or current_year()

    def clean_language(self):
        language = self.cleaned_data.get("language")
        if language:
            return language
        organisation = self.cleaned_data.get("organisation")
        return getattr(organisation, "default_language", "") or Deed.Language.FI

    def simple_fields(self):
        return [self[name] for name in SIMPLE_FIELDS]

    def detail_fields(self):
        return [self[name] for name in DETAIL_FIELDS]

    def has_detail_errors(self) -> bool:
        return any(self[name].errors for name in DETAIL_FIELDS)

    def deed_fields(self) -> dict:
        """Cleaned values for ``actions.create_deed`` / ``update_deed``."""
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        contacts = set(self.instance.contacts.all()) if self.instance.pk else set()
        if self.user is not None and self.user.is_authenticated:
            if self.cleaned_data.get("contact_me"):
                contacts.add(self.user)
            else:
                contacts.discard(self.user)
        data["contacts"] = list(contacts)
        return data


def validate_image_content(file) -> None:
    """The upload must really be a JPEG, PNG, WebP or GIF image (by its content) and not too large."""
    limit = getattr(settings, "LATU_MAX_IMAGE_BYTES", 5 * 1024 * 1024)
    if file.size > limit:
        raise ValidationError(
            _("The image is too large. The limit is %(limit)s MB."), params={"limit": round(limit / 1048576, 1)}
        )
    head = file.read(261)
    file.seek(0)
    kind = filetype.guess(head)
    if kind is None or kind.mime not in IMAGE_TYPES:
        raise ValidationError(_("Upload a JPEG, PNG, WebP or GIF image."))


class DeedImageForm(forms.Form):
    image = forms.ImageField(label=_("Image"), required=False, validators=[validate_image_content])
    alt_text = forms.CharField(
        label=_("Alternative text"), max_length=250, required=False,
        help_text=_("Describe what the image shows, for people who cannot see it. Required with an image."),
    )
    caption = forms.CharField(label=_("Caption"), max_length=250, required=False)

    def clean_image(self):
        """The stored image is rebuilt from its pixels (latu.core.images): no EXIF
        position, comments or data hidden after the picture."""
        upload = self.cleaned_data.get("image")
        if not upload:
            return upload
        upload.seek(0)
        rebuilt = rebuild_image(upload.read(), allowed=IMAGE_TYPES)
        return SimpleUploadedFile(f"deed-image{rebuilt.suffix}", rebuilt.data, content_type=rebuilt.content_type)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("image") and not (cleaned.get("alt_text") or "").strip():
            self.add_error("alt_text", _("Describe the image for people who cannot see it."))
        return cleaned


class DeedLinkForm(forms.Form):
    url = forms.URLField(label=_("Address"), max_length=500, required=False, assume_scheme="https")
    title = forms.CharField(label=_("Link text"), max_length=200, required=False)


ImageFormSet = forms.formset_factory(DeedImageForm, extra=1, max_num=6)
LinkFormSet = forms.formset_factory(DeedLinkForm, extra=2, max_num=10)


class RemoveAttachmentsForm(forms.Form):
    remove_images = forms.ModelMultipleChoiceField(
        label=_("Remove images"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    remove_links = forms.ModelMultipleChoiceField(
        label=_("Remove links"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, deed: Deed, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["remove_images"].queryset = deed.images.all()
        self.fields["remove_images"].label_from_instance = lambda image: image.alt_text
        self.fields["remove_links"].queryset = deed.links.all()
        self.fields["remove_links"].label_from_instance = lambda link: link.title
        if not deed.images.exists():
            del self.fields["remove_images"]
        if not deed.links.exists():
            del self.fields["remove_links"]


class ModerationForm(forms.Form):
    DECISIONS = [
        ("publish", _("Publish")),
        ("return", _("Return to the author")),
        ("archive", _("Archive")),
    ]
    # Not called "action": an input of that name would hide the form's action attribute from scripts.
    decision = forms.ChoiceField(label=_("Decision"), choices=DECISIONS, widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("Note to the author"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when you return the deed: tell what to change."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "return" and not (cleaned.get("note") or "").strip():
            self.add_error("note", _("Tell the author what to change."))
        return cleaned


class AdoptionForm(forms.ModelForm):
    class Meta:
        model = Adoption
        fields = ["organisation", "learned_from", "adopted_on", "note", "outcome"]
        widgets = {
            "adopted_on": forms.DateInput(attrs={"type": "date"}),
            "note": forms.Textarea(attrs={"rows": 3}),
            "outcome": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, organisations, sources, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["organisation"].label = _("Our organisation")
        if organisations.count() == 1:
            self.initial.setdefault("organisation", organisations.first().pk)
        self.fields["learned_from"].queryset = sources
        self.fields["learned_from"].required = False
        self.fields["learned_from"].help_text = _(
            "The organisation you learned it from: the deed's own organisation or one that adopted it before you."
        )
        self.fields["adopted_on"].required = False
        self.fields["adopted_on"].initial = timezone.localdate

    def clean_adopted_on(self):
        value = self.cleaned_data.get("adopted_on")
        if value and value > timezone.localdate():
            raise ValidationError(_("The date cannot be in the future."))
        return value


class CommentForm(forms.ModelForm):
    class Meta:
        model = Comment
        fields = ["body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 3, "maxlength": 4000})}


class HideCommentForm(forms.Form):
    reason = forms.CharField(label=_("Reason for hiding"), max_length=300)


class ReportCommentForm(forms.Form):
    reason = forms.CharField(label=_("What is wrong with the comment?"), max_length=300, required=False)
