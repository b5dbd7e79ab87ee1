import secrets

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from latu.core.forms import FastSelect
from latu.organisations.forms import offer_units
from latu.organisations.models import StrategyGoal, Unit

from .models import Criterion, Decision, Forum, Idea, PipelineSettings, normalise_receipt_code
from .uploads import check_upload

ACCEPT = "image/png,image/jpeg,image/webp,application/pdf"


class UnitChoiceField(forms.ModelChoiceField):
    widget = FastSelect  # an organisation may have well over a thousand units

    def label_from_instance(self, obj: Unit) -> str:
        return obj.name


class GoalChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: StrategyGoal) -> str:
        return obj.title


def goals_of(organisation):
    return StrategyGoal.objects.filter(organisation=organisation, is_active=True)


class IdeaFieldsMixin(forms.Form):
    title = forms.CharField(
        label=_("Title"), max_length=200,
        help_text=_("A short name for the idea, e.g. \"Shared calendar for home care visits\"."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    description = forms.CharField(
        label=_("Describe your idea"), max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": 5000}),
        help_text=_("A few sentences are enough: what should change and why."),
    )
    problem = forms.CharField(
        label=_("What problem does it solve?"), required=False, max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 3000}),
    )
    proposal = forms.CharField(
        label=_("How could it be done?"), required=False, max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 3000}),
    )
    beneficiaries = forms.CharField(
        label=_("Who benefits?"), required=False, max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": 1000}),
        help_text=_("Customers, residents, colleagues, the organisation, society…"),
    )
    unit = UnitChoiceField(label=_("Unit"), queryset=Unit.objects.none(), required=False,
                           empty_label=_("Not for a particular unit"))
    strategy_goal = GoalChoiceField(label=_("Strategy goal"), queryset=StrategyGoal.objects.none(), required=False,
                                    empty_label=_("No particular goal"))

    def __init__(self, *args, organisation=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        offer_units(self.fields["unit"], organisation)
        self.fields["strategy_goal"].queryset = goals_of(organisation)


class SubmitIdeaForm(IdeaFieldsMixin):
    attachment = forms.FileField(
        label=_("Attachment (image or PDF)"), required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )
    alt_text = forms.CharField(
        label=_("Description of the image"), required=False, max_length=300,
        help_text=_("What the image shows, for people who cannot see it."),
    )
    anonymous = forms.BooleanField(
        label=_("Send anonymously"), required=False,
        help_text=_("Your name is not stored with the idea. You get a receipt code for following it."),
    )
    token = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, allow_anonymous: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not allow_anonymous:
            del self.fields["anonymous"]
        posted = self.is_bound and self.data.get(self.add_prefix("token"))
        if not posted and not self.initial.get("token"):
            self.initial["token"] = secrets.token_urlsafe(24)

    def clean(self):
        data = super().clean()
        upload = data.get("attachment")
        if upload:
            try:
                # Type, size and content are checked now; the action stores the file.
                checked = check_upload(upload, anonymous=bool(data.get("anonymous")))
            except ValidationError as error:
                self.add_error("attachment", error)
            else:
                if checked.kind == "image" and not data.get("alt_text"):
                    self.add_error("alt_text", _("Describe the image briefly for people who cannot see it."))
        return data


class EditIdeaForm(IdeaFieldsMixin):
    pass


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("File (image or PDF)"), widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}))
    alt_text = forms.CharField(
        label=_("Description of the image"), required=False, max_length=300,
        help_text=_("What the image shows, for people who cannot see it."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        checked = check_upload(upload)
        self.kind = checked.kind
        return upload

    def clean(self):
        data = super().clean()
        if getattr(self, "kind", "") == "image" and not data.get("alt_text"):
            self.add_error("alt_text", _("Describe the image briefly for people who cannot see it."))
        return data


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Comment"), max_length=3000, widget=forms.Textarea(attrs={"rows": 3, "maxlength": 3000}),
        help_text=_("Mention a colleague with @ and their name, e.g. @Eeva Työntekijä."),
    )
    parent = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300, widget=forms.TextInput)


class ReceiptForm(forms.Form):
    code = forms.CharField(
        label=_("Receipt code"), max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
        help_text=_("The code you got when you sent the idea, e.g. K7Q4-M2XA-9PTR-3HCW."),
    )

    def clean_code(self):
        code = normalise_receipt_code(self.cleaned_data["code"])
        if len(code.replace("-", "")) != 16:
            raise ValidationError(_("A receipt code has 16 letters and digits."))
        return code


class ReceiptCommentForm(CommentForm):
    code = forms.CharField(widget=forms.HiddenInput)


class IdeaChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Idea) -> str:
        return f"#{obj.pk} {obj.title}"


class ForumChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Forum) -> str:
        """The forum's name, with its kind unless the name already says it ("Johtoryhmä")."""
        kind = str(obj.get_kind_display())
        return obj.name if kind.casefold() in obj.name.casefold() else f"{obj.name} ({kind})"


class DecisionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Decision"), choices=Decision.Kind.choices, widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Reason"), max_length=3000, widget=forms.Textarea(attrs={"rows": 4, "maxlength": 3000}),
        help_text=_("The author and the supporters see the reason. Write it so that they understand it."),
    )
    forum = ForumChoiceField(
        label=_("Forum (when escalating)"), queryset=Forum.objects.none(), required=False,
        empty_label=_("Choose a forum"),
    )
    merge_into = forms.IntegerField(
        label=_("Number of the idea to merge into (when merging)"), required=False, min_value=1,
        help_text=_("Supports move to that idea and both ideas link to each other."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, idea: Idea, **kwargs):
        super().__init__(*args, **kwargs)
        self.idea = idea
        self.fields["forum"].queryset = Forum.objects.filter(organisation=idea.organisation_id, is_active=True)
        self.initial.setdefault("version", idea.version)
        if idea.escalated_to_id:
            self.fields["kind"].choices = [c for c in Decision.Kind.choices if c[0] != Decision.Kind.ESCALATE]

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind == Decision.Kind.ESCALATE and not data.get("forum"):
            self.add_error("forum", _("Choose the forum the idea is escalated to."))
        if kind == Decision.Kind.MERGE:
            number = data.get("merge_into")
            target = Idea.objects.filter(pk=number, organisation=self.idea.organisation_id).first() if number else None
            if target is None:
                self.add_error("merge_into", _("Give the number of an idea of the same organisation."))
            data["merge_target"] = target
        return data


class MeetingDecisionForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Decision"), widget=forms.RadioSelect,
        choices=[c for c in Decision.Kind.choices if c[0] not in (Decision.Kind.ESCALATE, Decision.Kind.MERGE)],
    )
    reason = forms.CharField(label=_("Reason"), max_length=3000, widget=forms.Textarea(attrs={"rows": 3}))
    idea = forms.IntegerField(widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput)


SCORE_CHOICES = [("", _("Not scored")), *[(str(i), str(i)) for i in range(1, 6)]]


class EvaluationForm(forms.Form):
    """One score (1–5) and note per active criterion of the organisation."""

    def __init__(self, *args, criteria, existing=None, **kwargs):
        super().__init__(*args, **kwargs)
        existing = existing or {}
        self.criteria = list(criteria)
        for criterion in self.criteria:
            before = existing.get(criterion.pk)
            help_text = criterion.description
            if criterion.lower_is_better:
                help_text = f"{help_text} " if help_text else ""
                help_text += str(_("1 = small effort, 5 = large effort."))
            else:
                help_text = (f"{help_text} " if help_text else "") + str(_("1 = little benefit, 5 = great benefit."))
            self.fields[f"score_{criterion.pk}"] = forms.TypedChoiceField(
                label=criterion.name, choices=SCORE_CHOICES, required=False, coerce=int, empty_value=None,
                help_text=help_text, initial=str(before.score) if before else "",
            )
            self.fields[f"note_{criterion.pk}"] = forms.CharField(
                label=_("Note on: %(criterion)s") % {"criterion": criterion.name}, required=False, max_length=500,
                initial=before.note if before else "",
            )

    def scores(self) -> tuple[dict, dict]:
        scores = {c.pk: self.cleaned_data.get(f"score_{c.pk}") for c in self.criteria}
        notes = {c.pk: self.cleaned_data.get(f"note_{c.pk}", "") for c in self.criteria}
        return scores, notes


class ForumForm(forms.ModelForm):
    unit = UnitChoiceField(label=_("Unit"), queryset=Unit.objects.none(), required=False,
                           empty_label=_("The whole organisation"))

    class Meta:
        model = Forum
        fields = ["kind", "name", "unit"]

    def __init__(self, *args, organisation=None, **kwargs):
        super().__init__(*args, **kwargs)
        offer_units(self.fields["unit"], organisation)


class MeetingForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    notes = forms.CharField(label=_("Notes"), required=False, max_length=5000,
                            widget=forms.Textarea(attrs={"rows": 3}))


class CriterionForm(forms.ModelForm):
    class Meta:
        model = Criterion
        fields = ["name_fi", "name_sv", "name_en", "description_fi", "description_sv", "description_en",
                  "lower_is_better", "order", "is_active"]


class PipelineSettingsForm(forms.ModelForm):
    class Meta:
        model = PipelineSettings
        fields = ["first_response_target_days", "decision_target_days"]


AGE_CHOICES = [("", _("Any age")), ("7", _("Older than a week")), ("30", _("Older than a month")),
               ("90", _("Older than three months"))]
SORT_CHOICES = [("new", _("Newest first")), ("supported", _("Most supported")), ("old", _("Oldest first"))]


class FilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200,
                        widget=forms.TextInput(attrs={"type": "search"}))
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("All"))] + Idea.Status.choices)
    unit = UnitChoiceField(label=_("Unit"), queryset=Unit.objects.none(), required=False, empty_label=_("All units"))
    goal = GoalChoiceField(label=_("Strategy goal"), queryset=StrategyGoal.objects.none(), required=False,
                           empty_label=_("All goals"))
    source = forms.ChoiceField(label=_("Source"), required=False, choices=[("", _("All"))] + Idea.Source.choices)
    age = forms.ChoiceField(label=_("Age"), required=False, choices=AGE_CHOICES)
    sort = forms.ChoiceField(label=_("Order"), required=False, choices=SORT_CHOICES)

    def __init__(self, *args, organisation=None, **kwargs):
        super().__init__(*args, **kwargs)
        offer_units(self.fields["unit"], organisation)
        self.fields["goal"].queryset = goals_of(organisation)

    def filter(self, qs):
        """Apply the valid filters (invalid values are ignored, not errors)."""
        from datetime import timedelta

        from django.utils import timezone

        data = self.cleaned_data if self.is_valid() else {}
        if data.get("status"):
            qs = qs.filter(status=data["status"])
        if data.get("unit"):
            qs = qs.filter(unit__in=data["unit"].descendant_ids())
        if data.get("goal"):
            qs = qs.filter(strategy_goal=data["goal"])
        if data.get("source"):
            qs = qs.filter(source=data["source"])
        if data.get("age"):
            qs = qs.filter(created_at__lt=timezone.now() - timedelta(days=int(data["age"])))
        return qs
