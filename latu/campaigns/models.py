"""TOP lists, campaigns and awards of Tekojen tori.

- A **TOP list** (``TopList``) is a curated, ordered collection of published deeds with
  an introduction, kept by the programme office ("Varhaiskasvatus TOP12").
- A **campaign** (``Campaign``) runs from ``starts`` to ``ends`` and gathers deeds
  (``CampaignDeed``): a deed joins when it is told during the campaign with the
  campaign chosen, with the campaign's tag among its keywords, or through a
  "haasta kollega" nomination. A **nomination** (``Nomination``) is one nominee
  (a person or a unit, by email) per campaign; every time somebody challenges the same
  address, a ``NominationReason`` is added to it, so the nominee gets one invitation.
  A nomination is invited → told (a deed arrived) or declined (by the nominee) or
  expired (nothing arrived in time).
- **Awards**: an ``AwardEvent`` (a gala) awards in ``AwardCategory`` categories
  (organisations, people or deeds). Anyone signed in proposes an ``AwardNomination``;
  the jury (programme office and the event's named jury members) decides: winner or
  honourable mention, with a citation. Decisions become public when the event's
  results are published.
"""

import secrets
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from latu.core.i18n import localized

# Paths under /tori/campaigns/ and /tori/awards/ that are pages, not slugs.
RESERVED_SLUGS = {"new", "mine", "invitation", "categories", "nominations", "results"}

# How long after a campaign ends a nominee may still tell their deed with the invitation.
NOMINATION_GRACE_DAYS = 30


def validate_slug_not_reserved(value: str) -> None:
    if value in RESERVED_SLUGS:
        raise ValidationError(_("This short name is reserved. Choose another one."))


def new_token() -> str:
    return secrets.token_urlsafe(24)


class MultilingualTitleMixin:
    @property
    def title(self) -> str:
        return localized(self, "title")


# --- TOP lists ---------------------------------------------------------------------------


class TopList(MultilingualTitleMixin, models.Model):
    slug = models.SlugField(_("short name"), max_length=80, unique=True, validators=[validate_slug_not_reserved],
                            help_text=_("Part of the address, e.g. varhaiskasvatus-top12."))
    title_fi = models.CharField(_("title in Finnish"), max_length=200)
    title_sv = models.CharField(_("title in Swedish"), max_length=200, blank=True)
    title_en = models.CharField(_("title in English"), max_length=200, blank=True)
    introduction_fi = models.TextField(_("introduction in Finnish"), max_length=10000, blank=True,
                                       help_text=_("Why these deeds? Markdown is allowed."))
    introduction_sv = models.TextField(_("introduction in Swedish"), max_length=10000, blank=True)
    introduction_en = models.TextField(_("introduction in English"), max_length=10000, blank=True)
    is_published = models.BooleanField(_("published"), default=False,
                                       help_text=_("Published lists are public on Tekojen tori."))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("TOP list")
        verbose_name_plural = _("TOP lists")

    def __str__(self) -> str:
        return self.title_fi

    def get_absolute_url(self) -> str:
        return reverse("campaigns:list_detail", args=[self.slug])

    @property
    def introduction(self) -> str:
        return localized(self, "introduction")


class TopListItem(models.Model):
    top_list = models.ForeignKey(TopList, on_delete=models.CASCADE, related_name="items",
                                 verbose_name=_("TOP list"), db_index=False)
    deed = models.ForeignKey("tori.Deed", on_delete=models.CASCADE, related_name="top_list_items",
                             verbose_name=_("deed"))
    position = models.PositiveSmallIntegerField(_("position"), default=1)
    note = models.CharField(_("why it is on the list"), max_length=500, blank=True)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("TOP list deed")
        verbose_name_plural = _("TOP list deeds")
        constraints = [models.UniqueConstraint(fields=["top_list", "deed"], name="campaigns_toplist_deed_once")]

    def __str__(self) -> str:
        return f"{self.position}. {self.deed_id}"


# --- Campaigns ---------------------------------------------------------------------------


class Campaign(MultilingualTitleMixin, models.Model):
    class State(models.TextChoices):
        UPCOMING = "upcoming", _("Upcoming")
        ACTIVE = "active", _("Active")
        ENDED = "ended", _("Ended")

    slug = models.SlugField(_("short name"), max_length=80, unique=True, validators=[validate_slug_not_reserved],
                            help_text=_("Part of the address, e.g. hyva-kiertamaan-2020."))
    title_fi = models.CharField(_("title in Finnish"), max_length=200)
    title_sv = models.CharField(_("title in Swedish"), max_length=200, blank=True)
    title_en = models.CharField(_("title in English"), max_length=200, blank=True)
    introduction_fi = models.TextField(_("introduction in Finnish"), max_length=10000, blank=True,
                                       help_text=_("What the campaign is about and how to take part. "
                                                   "Markdown is allowed."))
    introduction_sv = models.TextField(_("introduction in Swedish"), max_length=10000, blank=True)
    introduction_en = models.TextField(_("introduction in English"), max_length=10000, blank=True)
    tag = models.CharField(
        _("keyword"), max_length=60, blank=True,
        help_text=_("A deed told during the campaign with this keyword joins the campaign (e.g. hyväkiertämään)."),
    )
    starts = models.DateField(_("starts"))
    ends = models.DateField(_("ends"))
    nominations_open = models.BooleanField(
        _("“Challenge a colleague” is open"), default=True,
        help_text=_("While the campaign is on, anyone may challenge a person or a unit to tell their deed."),
    )
    is_published = models.BooleanField(_("published"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-starts", "-pk"]
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        constraints = [
            models.CheckConstraint(condition=Q(ends__gte=models.F("starts")), name="campaigns_campaign_dates"),
        ]

    def __str__(self) -> str:
        return self.title_fi

    def get_absolute_url(self) -> str:
        return reverse("campaigns:campaign_detail", args=[self.slug])

    @property
    def introduction(self) -> str:
        return localized(self, "introduction")

    def clean(self) -> None:
        self.tag = normalise_tag(self.tag)
        if self.starts and self.ends and self.ends < self.starts:
            raise ValidationError({"ends": _("The campaign cannot end before it starts.")})

    def state_on(self, day: date) -> str:
        if day < self.starts:
            return self.State.UPCOMING
        if day > self.ends:
            return self.State.ENDED
        return self.State.ACTIVE

    @property
    def state(self) -> str:
        return self.state_on(timezone.localdate())

    def get_state_display(self) -> str:
        return self.State(self.state).label

    @property
    def is_active(self) -> bool:
        return self.state == self.State.ACTIVE

    @property
    def accepts_nominations(self) -> bool:
        return self.is_published and self.nominations_open and self.is_active

    @property
    def invitations_valid_until(self) -> date:
        return self.ends + timedelta(days=NOMINATION_GRACE_DAYS)


def normalise_tag(value: str) -> str:
    """Keywords are compared without a leading # and case-insensitively."""
    return (value or "").strip().lstrip("#").strip().lower()


class CampaignDeed(models.Model):
    class Via(models.TextChoices):
        FORM = "form", _("Chosen in the deed form")
        TAG = "tag", _("Keyword")
        NOMINATION = "nomination", _("Challenge")
        OFFICE = "office", _("Added by the programme office")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="campaign_deeds",
                                 verbose_name=_("campaign"), db_index=False)
    deed = models.ForeignKey("tori.Deed", on_delete=models.CASCADE, related_name="campaign_links",
                             verbose_name=_("deed"))
    added_at = models.DateTimeField(_("joined the campaign"), default=timezone.now)
    via = models.CharField(_("how"), max_length=20, choices=Via.choices, default=Via.FORM)
    nomination = models.ForeignKey("Nomination", on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")

    class Meta:
        ordering = ["-added_at", "-pk"]
        verbose_name = _("campaign deed")
        verbose_name_plural = _("campaign deeds")
        constraints = [models.UniqueConstraint(fields=["campaign", "deed"], name="campaigns_campaign_deed_once")]
        indexes = [models.Index(fields=["campaign", "added_at"], name="campaigns_cdeed_added")]

    def __str__(self) -> str:
        return f"{self.campaign_id} – {self.deed_id}"


class Nomination(models.Model):
    """Haasta kollega: one nominee (person or unit) in one campaign."""

    class Kind(models.TextChoices):
        PERSON = "person", _("A person")
        UNIT = "unit", _("A unit or a team")

    class Status(models.TextChoices):
        INVITED = "invited", _("Invited")
        TOLD = "told", _("Told their deed")
        DECLINED = "declined", _("Declined")
        EXPIRED = "expired", _("Expired")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="nominations",
                                 verbose_name=_("campaign"), db_index=False)
    kind = models.CharField(_("whom do you challenge"), max_length=10, choices=Kind.choices, default=Kind.PERSON)
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email"))
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.SET_NULL, null=True,
                                     blank=True, related_name="+", verbose_name=_("organisation"))
    organisation_name = models.CharField(_("organisation (if not in the list)"), max_length=200, blank=True)
    language = models.CharField(_("language of the invitation"), max_length=2, default="fi")
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.INVITED)
    times_nominated = models.PositiveIntegerField(_("times challenged"), default=1)
    invited_at = models.DateTimeField(_("invited"), null=True, blank=True)
    told_at = models.DateTimeField(_("told"), null=True, blank=True)
    declined_at = models.DateTimeField(_("declined"), null=True, blank=True)
    expired_at = models.DateTimeField(_("expired"), null=True, blank=True)
    deed = models.ForeignKey("tori.Deed", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                             verbose_name=_("deed"))
    created_at = models.DateTimeField(_("challenged"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        constraints = [models.UniqueConstraint(fields=["campaign", "email"], name="campaigns_nomination_once")]
        indexes = [
            models.Index(fields=["campaign", "status"], name="campaigns_nomination_status"),
            models.Index(fields=["email", "status"], name="campaigns_nomination_email"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.campaign_id})"

    @property
    def organisation_label(self) -> str:
        return self.organisation.name if self.organisation_id else self.organisation_name

    @property
    def is_open(self) -> bool:
        """May the nominee still tell their deed or decline with the invitation?"""
        return self.status == self.Status.INVITED and timezone.localdate() <= self.campaign.invitations_valid_until


class NominationReason(models.Model):
    """One challenge: who challenged the nominee and why (merged nominations keep each)."""

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="reasons")
    reason = models.TextField(_("reason"), max_length=500)
    nominator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="campaign_nominations_made")
    nominator_name = models.CharField(_("your name"), max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("reason for a challenge")
        verbose_name_plural = _("reasons for challenges")

    def __str__(self) -> str:
        return self.reason[:60]


# --- Awards ------------------------------------------------------------------------------


class AwardCategory(models.Model):
    class Kind(models.TextChoices):
        ORGANISATION = "organisation", _("Organisations")
        PERSON = "person", _("People")
        DEED = "deed", _("Deeds")

    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    kind = models.CharField(_("what is awarded"), max_length=20, choices=Kind.choices)
    name_fi = models.CharField(_("name in Finnish"), max_length=200)
    name_sv = models.CharField(_("name in Swedish"), max_length=200, blank=True)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    description_fi = models.TextField(_("description in Finnish"), max_length=2000, blank=True)
    description_sv = models.TextField(_("description in Swedish"), max_length=2000, blank=True)
    description_en = models.TextField(_("description in English"), max_length=2000, blank=True)
    is_theme = models.BooleanField(_("yearly theme"), default=False,
                                   help_text=_("A theme awarded in some years only, "
                                               "e.g. the communication deed of the year."))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["order", "name_fi"]
        verbose_name = _("award category")
        verbose_name_plural = _("award categories")

    def __str__(self) -> str:
        return self.name_fi

    @property
    def name(self) -> str:
        return localized(self, "name")

    @property
    def description(self) -> str:
        return localized(self, "description")


class AwardEvent(MultilingualTitleMixin, models.Model):
    slug = models.SlugField(_("short name"), max_length=80, unique=True, validators=[validate_slug_not_reserved],
                            help_text=_("Part of the address, e.g. kunteko-gaala-2019."))
    title_fi = models.CharField(_("title in Finnish"), max_length=200)
    title_sv = models.CharField(_("title in Swedish"), max_length=200, blank=True)
    title_en = models.CharField(_("title in English"), max_length=200, blank=True)
    date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    description_fi = models.TextField(_("description in Finnish"), max_length=10000, blank=True,
                                      help_text=_("Markdown is allowed."))
    description_sv = models.TextField(_("description in Swedish"), max_length=10000, blank=True)
    description_en = models.TextField(_("description in English"), max_length=10000, blank=True)
    categories = models.ManyToManyField(AwardCategory, related_name="events", verbose_name=_("categories"))
    jury = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="jury_events",
                                  verbose_name=_("jury members"),
                                  help_text=_("Besides the programme office, these people decide the awards."))
    nominations_open = models.BooleanField(_("nominations are open"), default=False)
    results_published = models.BooleanField(
        _("results are published"), default=False,
        help_text=_("Winners are shown on the event page and as badges on deeds only once published."),
    )
    is_published = models.BooleanField(_("published"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("award event")
        verbose_name_plural = _("award events")

    def __str__(self) -> str:
        return self.title_fi

    def get_absolute_url(self) -> str:
        return reverse("campaigns:award_event", args=[self.slug])

    @property
    def description(self) -> str:
        return localized(self, "description")


class AwardNomination(models.Model):
    class Decision(models.TextChoices):
        PENDING = "pending", _("Not decided")
        WINNER = "winner", _("Winner")
        HONOURABLE_MENTION = "honourable", _("Honourable mention")
        NOT_AWARDED = "not_awarded", _("Not awarded")

    AWARDED = (Decision.WINNER, Decision.HONOURABLE_MENTION)

    event = models.ForeignKey(AwardEvent, on_delete=models.CASCADE, related_name="nominations",
                              verbose_name=_("award event"), db_index=False)
    category = models.ForeignKey(AwardCategory, on_delete=models.PROTECT, related_name="nominations",
                                 verbose_name=_("category"))
    deed = models.ForeignKey("tori.Deed", on_delete=models.CASCADE, null=True, blank=True,
                             related_name="award_nominations", verbose_name=_("deed"), db_index=False)
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, null=True,
                                     blank=True, related_name="award_nominations", verbose_name=_("organisation"))
    person_name = models.CharField(_("person's name"), max_length=200, blank=True)
    person_title = models.CharField(_("title or profession"), max_length=200, blank=True)
    person_organisation = models.ForeignKey("organisations.Organisation", on_delete=models.SET_NULL, null=True,
                                            blank=True, related_name="+",
                                            verbose_name=_("person's organisation"))
    reason = models.TextField(_("reason"), max_length=2000,
                              help_text=_("Why does this deserve an award? What changed, for whom?"))
    nominated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="award_nominations_made", verbose_name=_("proposed by"))
    created_at = models.DateTimeField(_("proposed"), default=timezone.now)
    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices, default=Decision.PENDING)
    citation = models.TextField(_("citation"), max_length=2000, blank=True,
                                help_text=_("The jury's words, read at the event and shown with the award."))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("decided by"))
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        ordering = ["category__order", "pk"]
        verbose_name = _("award nomination")
        verbose_name_plural = _("award nominations")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(deed__isnull=False, organisation__isnull=True, person_name="")
                    | Q(deed__isnull=True, organisation__isnull=False, person_name="")
                    | (Q(deed__isnull=True, organisation__isnull=True) & ~Q(person_name=""))
                ),
                name="campaigns_award_one_target",
            ),
        ]
        indexes = [
            models.Index(fields=["deed", "decision"], name="campaigns_award_deed"),
            models.Index(fields=["event", "category"], name="campaigns_award_event_cat"),
        ]

    def __str__(self) -> str:
        return f"{self.category_id}: {self.target_name}"

    @property
    def target_name(self) -> str:
        if self.deed_id:
            return self.deed.title
        if self.organisation_id:
            return self.organisation.name
        return self.person_name

    @property
    def is_awarded(self) -> bool:
        return self.decision in self.AWARDED

    def clean(self) -> None:
        if not self.category_id:
            return
        kind = self.category.kind
        errors = {}
        if kind == AwardCategory.Kind.DEED and not self.deed_id:
            errors["deed"] = _("Choose the deed.")
        if kind == AwardCategory.Kind.ORGANISATION and not self.organisation_id:
            errors["organisation"] = _("Choose the organisation.")
        if kind == AwardCategory.Kind.PERSON and not self.person_name.strip():
            errors["person_name"] = _("Give the person's name.")
        if errors:
            raise ValidationError(errors)
        # Only the target that fits the category is kept.
        if kind != AwardCategory.Kind.DEED:
            self.deed = None
        if kind != AwardCategory.Kind.ORGANISATION:
            self.organisation = None
        if kind != AwardCategory.Kind.PERSON:
            self.person_name = ""
            self.person_title = ""
            self.person_organisation = None
