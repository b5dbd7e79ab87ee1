"""Tekojen tori: development deeds (kehittämisteot), their adoptions (otettu mallia),
comments, and the search index built from their analysed text.

A deed moves draft → in review → published → archived. The programme office
publishes, returns (with a note) and archives. Only published deeds are public and
only they are in the search index (``DeedTerm``, ``SearchTerm``, ``FuzzyKey``),
which ``latu.tori.indexing`` keeps up to date.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from latu.core.i18n import localized

LICENCE_NAME = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
FIRST_YEAR = 2000


class Sector(models.TextChoices):
    """The eight service sectors of Tekojen tori."""

    EDUCATION = "education", _("Education and early childhood education")
    SOCIAL_HEALTH = "social_health", _("Social and health services")
    CULTURE_LEISURE = "culture_leisure", _("Culture and leisure")
    TECHNICAL = "technical", _("Technical services and environment")
    BUSINESS = "business", _("Business and enterprise services")
    MANAGEMENT = "management", _("Management, HR and administration")
    FOOD_CLEANING = "food_cleaning", _("Food and cleaning services")
    WHOLE_MUNICIPALITY = "whole_municipality", _("Whole municipality")


# The sector names as the seeds and Finnish users write them: indexed for search and
# accepted by the import, independent of the interface language.
SECTOR_NAMES_FI = {
    Sector.EDUCATION: "opetus ja kasvatus",
    Sector.SOCIAL_HEALTH: "sosiaali- ja terveysala",
    Sector.CULTURE_LEISURE: "kulttuuri ja vapaa-aika",
    Sector.TECHNICAL: "tekniset alat ja ympäristö",
    Sector.BUSINESS: "elinkeino- ja yrityspalvelut",
    Sector.MANAGEMENT: "johto, HR ja hallinto",
    Sector.FOOD_CLEANING: "ruoka- ja siivouspalvelut",
    Sector.WHOLE_MUNICIPALITY: "koko kunta",
}


class Theme(models.Model):
    """A theme of the controlled vocabulary (e.g. digitalisaatio, työhyvinvointi),
    kept by the programme office."""

    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    name_fi = models.CharField(_("name in Finnish"), max_length=100)
    name_sv = models.CharField(_("name in Swedish"), max_length=100, blank=True)
    name_en = models.CharField(_("name in English"), max_length=100, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["order", "name_fi"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localized(self, "name")


def current_year() -> int:
    return timezone.localdate().year


def validate_year(value: int) -> None:
    if value is not None and not FIRST_YEAR <= value <= current_year() + 1:
        raise ValidationError(
            _("Enter a year between %(first)s and %(last)s."),
            params={"first": FIRST_YEAR, "last": current_year() + 1},
        )


class Deed(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        REVIEW = "review", _("In review")
        PUBLISHED = "published", _("Published")
        ARCHIVED = "archived", _("Archived")

    class Language(models.TextChoices):
        FI = "fi", "suomi"
        SV = "sv", "svenska"
        EN = "en", "English"

    title = models.CharField(_("title"), max_length=200)
    lead = models.CharField(
        _("lead"), max_length=400, help_text=_("One or two sentences: what changed and for whom.")
    )
    story = models.TextField(
        _("story"), max_length=20000,
        help_text=_("What was done, why, and how. A few paragraphs are enough."),
    )
    results = models.TextField(
        _("results"), max_length=10000, blank=True,
        help_text=_("What came of it: figures, feedback, before and after."),
    )
    how_to_adopt = models.TextField(
        _("how to adopt it"), max_length=10000, blank=True,
        help_text=_("Tips for others: what it costs, what to watch out for, what you would do differently."),
    )
    has_results = models.BooleanField(
        _("results have been measured"), default=False,
        help_text=_("Tick if the results are backed by measurements, a survey or before-and-after figures."),
    )

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="deeds", verbose_name=_("organisation")
    , db_index=False)
    co_organisations = models.ManyToManyField(
        "organisations.Organisation", blank=True, related_name="co_deeds", verbose_name=_("co-organisations"),
        help_text=_("Other organisations that did this together with yours."),
    )
    # The primary organisation's region, kept here for the region facet.
    region = models.ForeignKey(
        "organisations.Region", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("region"),
    )
    sector = models.CharField(_("sector"), max_length=30, choices=Sector.choices)
    themes = models.ManyToManyField(Theme, blank=True, related_name="deeds", verbose_name=_("themes"))
    keywords = models.CharField(
        _("keywords"), max_length=300, blank=True, help_text=_("Free keywords, separated by commas.")
    )
    language = models.CharField(_("language"), max_length=2, choices=Language.choices, default=Language.FI)
    year = models.PositiveSmallIntegerField(
        _("year"), default=current_year, validators=[MinValueValidator(FIRST_YEAR), validate_year],
        help_text=_("When the deed was done or started."),
    )

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="authored_deeds",
        verbose_name=_("author"),
    )
    contacts = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="contact_deeds", verbose_name=_("contact people")
    )
    contact_name = models.CharField(_("contact person's name"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact person's email"), blank=True)

    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    source_experiment = models.ForeignKey(
        "experiments.Experiment", on_delete=models.SET_NULL, null=True, blank=True, related_name="deeds",
        verbose_name=_("experiment"), help_text=_("The experiment this deed tells about."),
    )
    review_note = models.TextField(_("note from the programme office"), blank=True)

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    # Set by the awards of the campaigns app (latu.tori.actions.set_awarded).
    awarded = models.BooleanField(_("awarded"), default=False)
    # Number of adoptions, kept by the adoption actions for sorting by "most adopted".
    adoption_count = models.PositiveIntegerField(_("adoptions"), default=0)
    # Euclidean norm of the indexed term weights, for similarity.
    search_norm = models.FloatField(default=0.0, editable=False)

    class Meta:
        ordering = ["-published_at", "-created_at"]
        verbose_name = _("deed")
        verbose_name_plural = _("deeds")
        indexes = [
            models.Index(fields=["status", "-published_at"], name="tori_deed_status_published"),
            models.Index(fields=["status", "-adoption_count"], name="tori_deed_status_adopted"),
            models.Index(fields=["organisation", "status"], name="tori_deed_org_status"),
            # What the search needs of each matched deed (filters, facets, sorting), readable
            # from the index alone on PostgreSQL instead of the wide table rows.
            models.Index(
                fields=["id"],
                include=["status", "sector", "organisation", "region", "year", "has_results", "awarded",
                         "adoption_count", "published_at", "search_norm"],
                name="tori_deed_search",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("tori:deed_detail", args=[self.pk])

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def keyword_list(self) -> list[str]:
        return [word.strip() for word in self.keywords.split(",") if word.strip()]

    @property
    def sector_name_fi(self) -> str:
        return SECTOR_NAMES_FI.get(self.sector, "")

    def clean(self) -> None:
        if self.organisation_id and not self.region_id:
            self.region_id = self.organisation.region_id


def validate_image_size(file) -> None:
    limit = getattr(settings, "LATU_MAX_IMAGE_BYTES", 5 * 1024 * 1024)
    if file and file.size > limit:
        raise ValidationError(
            _("The image is too large (%(size)s MB). The limit is %(limit)s MB."),
            params={"size": round(file.size / 1048576, 1), "limit": round(limit / 1048576, 1)},
        )


class DeedImage(models.Model):
    deed = models.ForeignKey(Deed, on_delete=models.CASCADE, related_name="images")
    image = models.ImageField(_("image"), upload_to="tori/%Y/", validators=[validate_image_size])
    alt_text = models.CharField(
        _("alternative text"), max_length=250,
        help_text=_("What the image shows, for people who cannot see it."),
    )
    caption = models.CharField(_("caption"), max_length=250, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("image")
        verbose_name_plural = _("images")

    def __str__(self) -> str:
        return self.alt_text

    @property
    def url(self) -> str:
        """Through the access-checked view: a draft deed's images are as private as the draft."""
        return reverse("tori:deed_image", args=[self.pk])


class DeedLink(models.Model):
    deed = models.ForeignKey(Deed, on_delete=models.CASCADE, related_name="links")
    url = models.URLField(_("address"), max_length=500)
    title = models.CharField(_("link text"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("link")
        verbose_name_plural = _("links")

    def __str__(self) -> str:
        return self.title


class Adoption(models.Model):
    """Otettu mallia: an organisation adopted the deed (once per organisation)."""

    deed = models.ForeignKey(
        Deed, on_delete=models.CASCADE, related_name="adoptions", verbose_name=_("deed"), db_index=False,
    )
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="adoptions",
        verbose_name=_("organisation"),
    )
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("recorded by"),
    )
    adopted_on = models.DateField(_("adopted on"), default=timezone.localdate)
    # Whom the adopting organisation learned it from: the deed's own organisation, or an
    # organisation that had adopted it earlier. This is what makes spread chains visible.
    learned_from = models.ForeignKey(
        "organisations.Organisation", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("learned from"),
    )
    note = models.TextField(
        _("how we adapted it"), max_length=4000, blank=True,
        help_text=_("What did you change to make it fit your organisation?"),
    )
    outcome = models.TextField(
        _("what came of it"), max_length=4000, blank=True, help_text=_("Results or experiences so far.")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-adopted_on", "-pk"]
        verbose_name = _("adoption")
        verbose_name_plural = _("adoptions")
        constraints = [
            models.UniqueConstraint(fields=["deed", "organisation"], name="tori_adoption_once_per_org"),
        ]
        indexes = [models.Index(fields=["adopted_on"], name="tori_adoption_date")]

    def __str__(self) -> str:
        return f"{self.organisation} – {self.deed}"


class Comment(models.Model):
    deed = models.ForeignKey(
        Deed, on_delete=models.CASCADE, related_name="comments", verbose_name=_("deed"), db_index=False,
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("author"),
    )
    body = models.TextField(_("comment"), max_length=4000)
    created_at = models.DateTimeField(_("written"), auto_now_add=True)
    is_hidden = models.BooleanField(_("hidden"), default=False)
    hidden_reason = models.CharField(_("reason for hiding"), max_length=300, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    hidden_at = models.DateTimeField(null=True, blank=True)
    report_count = models.PositiveIntegerField(_("reports"), default=0)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        indexes = [models.Index(fields=["deed", "created_at"], name="tori_comment_deed")]

    def __str__(self) -> str:
        return self.body[:60]


class CommentReport(models.Model):
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="reports", db_index=False)
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    handled = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("comment report")
        verbose_name_plural = _("comment reports")
        constraints = [
            models.UniqueConstraint(fields=["comment", "reporter"], name="tori_report_once_per_person"),
        ]

    def __str__(self) -> str:
        return f"{self.reporter_id} → {self.comment_id}"


# --- Search index (published deeds only) -------------------------------------------
# Terms are stored once in the vocabulary and referred to by integer id, so the postings
# and their indexes stay narrow and cheap to write. No database-level foreign keys:
# the index is derived data, kept by latu.tori.indexing, and deleting a deed removes
# its postings through Django's cascade.


class SearchTerm(models.Model):
    """The vocabulary: how many published deeds contain each term (document frequency).
    The row ``DOCUMENT_COUNT_TERM`` holds the number of published deeds."""

    DOCUMENT_COUNT_TERM = "#documents"

    term = models.CharField(max_length=64, unique=True)
    df = models.IntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.term} ({self.df})"


class DeedTerm(models.Model):
    """A posting: a vocabulary term of a published deed and its weight."""

    pk = models.CompositePrimaryKey("deed", "term")
    deed = models.ForeignKey(Deed, on_delete=models.CASCADE, related_name="+", db_constraint=False, db_index=False)
    term = models.ForeignKey(
        SearchTerm, on_delete=models.DO_NOTHING, related_name="+", db_constraint=False, db_index=False
    )
    weight = models.FloatField()

    class Meta:
        indexes = [
            # The postings of a term, heaviest first, readable from the index alone on PostgreSQL.
            models.Index(fields=["term", "-weight"], include=["deed"], name="tori_deedterm_postings"),
        ]

    def __str__(self) -> str:
        return f"{self.term_id}:{self.weight:g}"


class FuzzyKey(models.Model):
    """Deletion keys of vocabulary terms, for typo-tolerant lookup (latu.language.fuzzy)."""

    pk = models.CompositePrimaryKey("key", "term")
    key = models.CharField(max_length=16)
    term = models.ForeignKey(
        SearchTerm, on_delete=models.DO_NOTHING, related_name="+", db_constraint=False, db_index=False
    )

    def __str__(self) -> str:
        return f"{self.key} → {self.term_id}"
