from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "latu.organisations"
    label = "organisations"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from latu.organisations.models import Unit
        from latu.organisations.units import forget_units

        post_save.connect(forget_units, sender=Unit, dispatch_uid="organisations-unit-choices")
        post_delete.connect(forget_units, sender=Unit, dispatch_uid="organisations-unit-choices-delete")
