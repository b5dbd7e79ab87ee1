"""Development programmes, their services, the expert pool and organisations'
applications for a service, with the programme office's written decisions."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from latu.core.i18n import localized_property


class Programme(models.Model):
    class Scope(models.TextChoices):
        NATIONAL = "national", _("National")
        COUNTY = "county", _("Wellbeing services county")

    slug = models.SlugField(unique=True)
    name_fi = models.CharField(_("name in Finnish"), max_length=200)
    name_sv = models.CharField(_("name in Swedish"), max_length=200, blank=True)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    scope = models.CharField(_("scope"), max_length=10, choices=Scope.choices, default=Scope.NATIONAL)
    county = models.ForeignKey(
        "organisations.Organisation", verbose_name=_("wellbeing services county"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="own_programmes",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    budget_days = models.PositiveIntegerField(_("yearly budget in expert days"), default=0)
    budget_euros = models.DecimalField(_("yearly budget in euros"), max_digits=12, decimal_places=2, default=0)

    class Meta:
        ordering = ["-year", "name_fi"]

    def __str__(self) -> str:
        return self.name

    name = localized_property("name")


class Service(models.Model):
    class Kind(models.TextChoices):
        SPARRING = "sparring", _("Sparring")
        TRAINING = "training", _("Internal-developer training")
        WORKSHOP_SERIES = "workshop_series", _("Workshop series")
        CHALLENGE = "challenge", _("Challenge workshop")
        WEBINAR = "webinar", _("Webinar")

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="services")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    slug = models.SlugField(unique=True)
    name_fi = models.CharField(_("name in Finnish"), max_length=200)
    name_sv = models.CharField(_("name in Swedish"), max_length=200, blank=True)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    description_fi = models.TextField(_("description in Finnish"))
    description_sv = models.TextField(_("description in Swedish"), blank=True)
    description_en = models.TextField(_("description in English"), blank=True)
    eligibility_fi = models.TextField(_("eligibility rules in Finnish"), blank=True)
    eligibility_sv = models.TextField(_("eligibility rules in Swedish"), blank=True)
    eligibility_en = models.TextField(_("eligibility rules in English"), blank=True)
    price_euros = models.DecimalField(_("price per organisation (euros)"), max_digits=10, decimal_places=2, default=0)
    min_days = models.DecimalField(_("fewest days"), max_digits=4, decimal_places=1, default=1)
    max_days = models.DecimalField(_("most days"), max_digits=4, decimal_places=1, default=1)
    min_participants = models.PositiveSmallIntegerField(_("fewest participants"), null=True, blank=True)
    max_participants = models.PositiveSmallIntegerField(_("most participants"), null=True, blank=True)
    capacity = models.PositiveIntegerField(_("capacity (organisations per year)"), default=0)
    is_open = models.BooleanField(_("open for applications"), default=True)

    class Meta:
        ordering = ["programme", "kind", "name_fi"]

    def __str__(self) -> str:
        return self.name

    name = localized_property("name")

    description = localized_property("description")

    eligibility = localized_property("eligibility")

    @property
    def is_free(self) -> bool:
        return not self.price_euros


# Competence profile vocabularies (codes kept in the profile, labels shown).
class Theme(models.TextChoices):
    RESULTS = "results", _("Productivity and results")
    WELLBEING = "wellbeing", _("Wellbeing at work")
    LEADERSHIP = "leadership", _("Leadership and management")
    SELF_ORGANISING = "self_organising", _("Self-organising teams")
    DIGITAL = "digital", _("Digitalisation and new ways of working")
    CUSTOMER = "customer", _("Customer orientation and service design")
    COOPERATION = "cooperation", _("Co-operation between management and staff")


class Sector(models.TextChoices):
    SOCIAL_HEALTH = "social_health", _("Social and health care")
    EDUCATION = "education", _("Education and early childhood")
    TECHNICAL = "technical", _("Technical services")
    ADMINISTRATION = "administration", _("Administration")
    CULTURE = "culture", _("Culture and leisure")


class Method(models.TextChoices):
    LEAN = "lean", _("Lean")
    SERVICE_DESIGN = "service_design", _("Service design")
    COACHING = "coaching", _("Coaching and sparring")
    EXPERIMENTS = "experiments", _("Experiments")
    WORKSHOPS = "workshops", _("Facilitated workshops")


class Region(models.TextChoices):
    UUSIMAA = "uusimaa", "Uusimaa"
    PAIJAT_HAME = "paijat_hame", "Päijät-Häme"
    PIRKANMAA = "pirkanmaa", "Pirkanmaa"
    VARSINAIS_SUOMI = "varsinais_suomi", "Varsinais-Suomi"
    POHJOIS_POHJANMAA = "pohjois_pohjanmaa", "Pohjois-Pohjanmaa"
    POHJANMAA = "pohjanmaa", "Pohjanmaa"
    LAPPI = "lappi", "Lappi"
    KESKI_SUOMI = "keski_suomi", "Keski-Suomi"


class Language(models.TextChoices):
    FI = "fi", "suomi"
    SV = "sv", "svenska"
    EN = "en", "English"


PROFILE_LABELS = {
    "themes": _("Theme"),
    "sectors": _("Sector"),
    "methods": _("Method"),
    "regions": _("Region"),
    "languages": _("Language"),
}
PROFILE_VOCABULARIES = {
    "themes": Theme,
    "sectors": Sector,
    "methods": Method,
    "regions": Region,
    "languages": Language,
}


class Provider(models.Model):
    name = models.CharField(_("name"), max_length=200)
    agreement = models.CharField(_("framework agreement"), max_length=100)
    agreement_until = models.DateField(_("agreement valid until"), null=True, blank=True)
    website = models.URLField(_("website"), blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Expert(models.Model):
    class Delivery(models.TextChoices):
        REMOTE = "remote", _("Remote")
        ON_SITE = "on_site", _("On site")
        BOTH = "both", _("Remote or on site")

    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="experts")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="expert_profile"
    )
    slug = models.SlugField(unique=True)
    name = models.CharField(_("name"), max_length=200)
    title = models.CharField(_("title"), max_length=200, blank=True)
    bio_fi = models.TextField(_("introduction in Finnish"), blank=True)
    bio_sv = models.TextField(_("introduction in Swedish"), blank=True)
    bio_en = models.TextField(_("introduction in English"), blank=True)
    # Codes of the vocabularies above, each list kept as ",a,b," so a filter is one LIKE.
    themes = models.CharField(_("themes"), max_length=500, blank=True)
    sectors = models.CharField(_("sectors"), max_length=500, blank=True)
    methods = models.CharField(_("methods"), max_length=500, blank=True)
    regions = models.CharField(_("regions"), max_length=500, blank=True)
    languages = models.CharField(_("languages"), max_length=50, blank=True)
    delivery = models.CharField(_("delivery"), max_length=10, choices=Delivery.choices, default=Delivery.BOTH)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    bio = localized_property("bio")

    @staticmethod
    def codes(values) -> str:
        return "," + ",".join(values) + "," if values else ""

    def profile(self, field: str) -> list[str]:
        """The labels of one competence list, in the viewer's language."""
        labels = dict(PROFILE_VOCABULARIES[field].choices)
        return [str(labels.get(code, code)) for code in getattr(self, field).strip(",").split(",") if code]


    @property
    def profile_themes(self) -> list[str]:
        return self.profile("themes")

    @property
    def profile_sectors(self) -> list[str]:
        return self.profile("sectors")

    @property
    def profile_methods(self) -> list[str]:
        return self.profile("methods")

    @property
    def profile_regions(self) -> list[str]:
        return self.profile("regions")

    @property
    def profile_languages(self) -> list[str]:
        return self.profile("languages")


class Application(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        GRANTED = "granted", _("Granted")
        DECLINED = "declined", _("Declined")

    service = models.ForeignKey(
        Service, verbose_name=_("service"), on_delete=models.PROTECT, related_name="applications"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT,
        related_name="programme_applications",
    )
    unit = models.ForeignKey(
        "organisations.Unit", verbose_name=_("unit"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="programme_applications"
    )
    language = models.CharField(_("language of the decision"), max_length=2, choices=Language.choices, default="fi")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    theme = models.CharField(_("theme"), max_length=30, choices=Theme.choices, blank=True)
    justification_results = models.TextField(_("how the work serves results"), blank=True)
    justification_wellbeing = models.TextField(_("how the work serves the quality of working life"), blank=True)
    goals = models.TextField(_("goals"), blank=True)
    requested_days = models.DecimalField(_("requested days"), max_digits=4, decimal_places=1, null=True, blank=True)
    preferred_expert = models.ForeignKey(
        Expert, verbose_name=_("preferred expert"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="applications",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    # Eligibility checklist, ticked by the programme office.
    check_results_and_wellbeing = models.BooleanField(
        _("the work serves both results and the quality of working life"), default=False
    )
    check_cooperation = models.BooleanField(_("management and staff representatives take part together"), default=False)
    check_budget = models.BooleanField(_("the requested days fit in the programme's budget"), default=False)
    check_expert = models.BooleanField(_("the preferred expert is available"), default=False)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    granted_days = models.DecimalField(_("granted days"), max_digits=4, decimal_places=1, null=True, blank=True)
    decision_reasons = models.TextField(_("reasons"), blank=True)

    class Meta:
        ordering = ["-submitted_at", "-created_at"]
        indexes = [models.Index(fields=["status", "submitted_at"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("programmes:application", args=[self.pk])

    @property
    def title(self) -> str:
        return f"{self.service} – {self.organisation}"

    @property
    def is_decided(self) -> bool:
        return self.status in (self.Status.GRANTED, self.Status.DECLINED)

    @property
    def processing_time(self):
        if self.submitted_at and self.decided_at:
            return self.decided_at - self.submitted_at
        return None


class Participant(models.Model):
    class RoleGroup(models.TextChoices):
        MANAGEMENT = "management", _("Management")
        STAFF_REPRESENTATIVE = "staff_rep", _("Staff representative")
        STAFF = "staff", _("Staff")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="participants")
    name = models.CharField(_("name"), max_length=200)
    role_group = models.CharField(_("role group"), max_length=12, choices=RoleGroup.choices)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name
