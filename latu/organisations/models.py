import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from latu.core.i18n import localized


class Region(models.Model):
    """A region (maakunta), from the shipped classification."""

    code = models.CharField(_("code"), max_length=2, primary_key=True)
    name_fi = models.CharField(_("name in Finnish"), max_length=100)
    name_sv = models.CharField(_("name in Swedish"), max_length=100)
    name_en = models.CharField(_("name in English"), max_length=100)

    class Meta:
        ordering = ["code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localized(self, "name")


class Municipality(models.Model):
    """A municipality (kunta), from the shipped classification."""

    code = models.CharField(_("code"), max_length=3, primary_key=True)
    name_fi = models.CharField(_("name in Finnish"), max_length=100)
    name_sv = models.CharField(_("name in Swedish"), max_length=100)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="municipalities")

    class Meta:
        ordering = ["name_fi"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localized(self, "name")


def relative_luminance(hex_colour: str) -> float:
    r, g, b = (int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5))

    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast_with_white(hex_colour: str) -> float:
    return 1.05 / (relative_luminance(hex_colour) + 0.05)


def validate_theme_colour(value: str) -> None:
    if not re.fullmatch(r"#[0-9a-fA-F]{6}", value or ""):
        raise ValidationError(_("Enter a colour as #RRGGBB."))
    ratio = contrast_with_white(value)
    if ratio < 4.5:
        raise ValidationError(
            _("The colour is too light: white text on it has contrast %(ratio).1f:1, at least 4.5:1 is needed."),
            params={"ratio": ratio},
        )


class Organisation(models.Model):
    class Type(models.TextChoices):
        MUNICIPALITY = "municipality", _("Municipality")
        JOINT_AUTHORITY = "joint_authority", _("Joint municipal authority")
        WELLBEING_COUNTY = "wellbeing_county", _("Wellbeing services county")
        MUNICIPAL_COMPANY = "municipal_company", _("Municipally owned company")
        OTHER = "other", _("Other organisation")

    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    type = models.CharField(_("type"), max_length=30, choices=Type.choices)
    name_fi = models.CharField(_("name in Finnish"), max_length=200)
    name_sv = models.CharField(_("name in Swedish"), max_length=200, blank=True)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, null=True, blank=True, related_name="organisations",
        verbose_name=_("municipality"),
    )
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, null=True, blank=True, related_name="organisations",
        verbose_name=_("region"),
    )
    logo = models.ImageField(_("logo"), upload_to="logos/", blank=True)
    theme_colour = models.CharField(
        _("theme colour"), max_length=7, default="#2a6ebb", validators=[validate_theme_colour],
        help_text=_("Used for the header accent and buttons. Must have 4.5:1 contrast with white."),
    )
    default_language = models.CharField(
        _("default language"), max_length=2, choices=[("fi", "suomi"), ("sv", "svenska"), ("en", "English")],
        default="fi",
    )
    public_channel = models.BooleanField(
        _("open to citizens"), default=False,
        help_text=_("Citizens and customers may send ideas and feedback to this organisation's services."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name_fi"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localized(self, "name")

    def clean(self) -> None:
        if self.municipality_id and not self.region_id:
            self.region = self.municipality.region


class Unit(models.Model):
    """A node of the organisation tree: sector (toimiala) → service area (palvelualue) →
    unit / work community (yksikkö / työyhteisö)."""

    class Level(models.TextChoices):
        SECTOR = "sector", _("Sector")
        SERVICE_AREA = "service_area", _("Service area")
        UNIT = "unit", _("Unit / work community")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="units", db_index=False)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children",
        verbose_name=_("parent"),
    )
    level = models.CharField(_("level"), max_length=20, choices=Level.choices, default=Level.UNIT)
    name_fi = models.CharField(_("name in Finnish"), max_length=200)
    name_sv = models.CharField(_("name in Swedish"), max_length=200, blank=True)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["organisation", "name_fi"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "parent", "name_fi"], name="unit_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localized(self, "name")

    def clean(self) -> None:
        if self.parent_id:
            if self.parent.organisation_id != self.organisation_id:
                raise ValidationError({"parent": _("The parent must belong to the same organisation.")})
            node, seen = self.parent, set()
            while node is not None:
                if node.pk == self.pk or node.pk in seen:
                    raise ValidationError({"parent": _("A unit cannot be inside itself.")})
                seen.add(node.pk)
                node = node.parent

    def ancestors(self) -> list["Unit"]:
        chain, node = [], self.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        return list(reversed(chain))

    def descendant_ids(self) -> set[int]:
        """Ids of this unit and every unit below it (one query per level)."""
        ids, frontier = {self.pk}, [self.pk]
        while frontier:
            frontier = list(Unit.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
            ids.update(frontier)
        return ids


class Role(models.TextChoices):
    EMPLOYEE = "employee", _("Employee")
    INNOVATOR = "innovator", _("Internal innovator")
    SUPERVISOR = "supervisor", _("Supervisor")
    MANAGER = "manager", _("Management")
    ADMIN = "admin", _("Organisation admin")


class Membership(models.Model):
    """A person's role in an organisation, optionally limited to one unit (and the
    units below it). A person may hold several roles and belong to several
    organisations."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships", db_index=False,
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships", db_index=False)
    unit = models.ForeignKey(
        Unit, on_delete=models.SET_NULL, null=True, blank=True, related_name="memberships",
        verbose_name=_("unit"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.EMPLOYEE)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "unit", "role"], name="membership_unique_role_in_unit"
            ),
            models.UniqueConstraint(
                fields=["user", "organisation", "role"], condition=models.Q(unit__isnull=True),
                name="membership_unique_role_in_org",
            ),
        ]
        indexes = [models.Index(fields=["organisation", "role"])]

    def __str__(self) -> str:
        return f"{self.user} – {self.organisation} ({self.get_role_display()})"

    def clean(self) -> None:
        if self.unit_id and self.unit.organisation_id != self.organisation_id:
            raise ValidationError({"unit": _("The unit must belong to the same organisation.")})


class StrategyGoal(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="strategy_goals")
    title_fi = models.CharField(_("title in Finnish"), max_length=200)
    title_sv = models.CharField(_("title in Swedish"), max_length=200, blank=True)
    title_en = models.CharField(_("title in English"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    starts = models.DateField(_("starts"), null=True, blank=True)
    ends = models.DateField(_("ends"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["organisation", "order", "title_fi"]
        verbose_name = _("strategy goal")
        verbose_name_plural = _("strategy goals")

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return localized(self, "title")

    def clean(self) -> None:
        if self.starts and self.ends and self.ends < self.starts:
            raise ValidationError({"ends": _("The end date must be after the start date.")})


slug_validator = RegexValidator(r"^[a-z0-9-]+$", _("Use lowercase letters, digits and hyphens."))


class RoleInvitation(models.Model):
    """A role offered to a person who already had an account when their organisation's
    admin imported them: the role is theirs only once they accept it (an import never
    adds an existing account to an organisation by itself)."""

    # The unique constraints begin with the person: they serve as its index.
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_invitations",
                             db_index=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="role_invitations")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, null=True, blank=True, related_name="+",
                             verbose_name=_("unit"))
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.EMPLOYEE)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("role invitation")
        verbose_name_plural = _("role invitations")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation", "unit", "role"],
                                    name="role_invitation_unique_in_unit"),
            models.UniqueConstraint(fields=["user", "organisation", "role"], condition=models.Q(unit__isnull=True),
                                    name="role_invitation_unique_in_org"),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.organisation} ({self.role})"


class RegisterDescription(models.Model):
    """The organisation's register description (rekisteriseloste): the privacy notice of
    GDPR articles 13–14 for the personal data Latu holds for it, in Finnish, Swedish and
    English, edited by the organisation's admins. Until they save one, a default text
    built from the organisation's data is shown."""

    organisation = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="register_description")
    body_fi = models.TextField(_("text in Finnish"), max_length=20000)
    body_sv = models.TextField(_("text in Swedish"), max_length=20000, blank=True)
    body_en = models.TextField(_("text in English"), max_length=20000, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")

    class Meta:
        verbose_name = _("register description")
        verbose_name_plural = _("register descriptions")

    def __str__(self) -> str:
        return str(self.organisation)
