"""An organisation's indicators: monthly time series of sick-leave rate, customer
satisfaction, cost per service unit, a wellbeing index or an indicator of its own, for
the whole organisation or one unit. They are entered by hand, imported from CSV or sent
through the API, and shown on one timeline with the development activity Latu counts
itself (ideas, decisions, experiments), so that management can see whether development
moved the needle."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from latu.core.i18n import localized


class Indicator(models.Model):
    class Kind(models.TextChoices):
        SICK_LEAVE = "sick-leave", _("Sick-leave rate")
        CUSTOMER_SATISFACTION = "customer-satisfaction", _("Customer satisfaction")
        COST_PER_UNIT = "cost-per-unit", _("Cost per service unit")
        WELLBEING = "wellbeing", _("Wellbeing index")
        OTHER = "other", _("Other")

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE,
                                     related_name="indicators")
    kind = models.CharField(_("indicator"), max_length=30, choices=Kind.choices)
    name_fi = models.CharField(_("name in Finnish"), max_length=120, blank=True,
                               help_text=_("Needed for an indicator of your own; others have a name already."))
    name_sv = models.CharField(_("name in Swedish"), max_length=120, blank=True)
    name_en = models.CharField(_("name in English"), max_length=120, blank=True)
    measure = models.CharField(_("unit of measure"), max_length=20, blank=True, help_text=_("E.g. %, € or 1–5."))
    higher_is_better = models.BooleanField(_("a higher value is better"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "name_fi", "pk"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localized(self, "name") or str(self.get_kind_display())


class IndicatorValue(models.Model):
    class Source(models.TextChoices):
        MANUAL = "manual", _("Entered by hand")
        IMPORT = "import", _("Imported")
        API = "api", _("Sent through the API")

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    # Empty: the whole organisation.
    unit = models.ForeignKey("organisations.Unit", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    month = models.DateField(_("month"), help_text=_("The first day of the month the value is for."))
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=3)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.MANUAL)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["month"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "unit", "month"], condition=Q(unit__isnull=False),
                                    name="indicator_value_once_per_unit"),
            models.UniqueConstraint(fields=["indicator", "month"], condition=Q(unit__isnull=True),
                                    name="indicator_value_once_per_org"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.month:%Y-%m}: {self.value}"
