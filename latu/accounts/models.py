from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("An email address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    """A person. Organisation roles live in organisations.Membership; the two
    platform-wide roles (programme office, expert) and citizen accounts live here."""

    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("email address"), unique=True)
    name = models.CharField(_("name"), max_length=150)
    title = models.CharField(_("job title"), max_length=150, blank=True)
    language = models.CharField(
        _("language"), max_length=5, choices=[("fi", "suomi"), ("sv", "svenska"), ("en", "English")], default="fi"
    )
    is_programme_office = models.BooleanField(_("programme office"), default=False)
    is_expert = models.BooleanField(_("expert"), default=False)
    is_citizen = models.BooleanField(
        _("citizen account"), default=False, help_text=_("A resident or customer, not staff of any organisation.")
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["name"]
    objects = UserManager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name or self.email

    def get_full_name(self) -> str:
        return self.name

    def get_short_name(self) -> str:
        return self.name.split(" ")[0] if self.name else self.email

    @property
    def initials(self) -> str:
        parts = [p for p in (self.name or self.email).replace(".", " ").split() if p]
        return "".join(p[0] for p in parts[:2]).upper()


class IdentityProvider(models.Model):
    """An organisation's own OpenID Connect identity provider. The OIDC client itself
    is an allauth SocialApp (provider "openid_connect", provider_id = ``provider_id``);
    this row ties it to the organisation whose members it signs in."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="identity_providers"
    )
    provider_id = models.SlugField(
        _("provider id"), max_length=60, unique=True,
        help_text=_("The provider_id of the OpenID Connect application, e.g. 'espoo-ad'."),
    )
    email_domains = models.CharField(
        _("email domains"), max_length=500, blank=True,
        help_text=_(
            "The organisation's email domains, separated by commas (e.g. 'hollola.fi'). Someone who already "
            "has a Latu account with an address in these domains is signed in to it through this provider."
        ),
    )
    join_as_employee = models.BooleanField(
        _("make new people employees"), default=True,
        help_text=_("People who sign in through this provider become employees of the organisation."),
    )

    class Meta:
        verbose_name = _("identity provider")
        verbose_name_plural = _("identity providers")

    def __str__(self) -> str:
        return self.provider_id

    @classmethod
    def for_provider_id(cls, provider_id: str) -> "IdentityProvider | None":
        return cls.objects.select_related("organisation").filter(provider_id=provider_id).first()

    def domains(self) -> set[str]:
        return {d.strip().lstrip("@").lower() for d in self.email_domains.split(",") if d.strip()}

    def owns_address(self, email: str) -> bool:
        return email.rpartition("@")[2].lower() in self.domains()

    def join(self, user) -> None:
        from latu.organisations.models import Membership, Role

        if self.join_as_employee:
            Membership.objects.get_or_create(
                user=user, organisation=self.organisation, unit=None, role=Role.EMPLOYEE
            )
