from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "latu.organisations"
    label = "organisations"

    def ready(self) -> None:
        from django.contrib.auth import get_user_model
        from django.db.models.signals import post_delete, post_save

        from latu.access.base import forget_all_memberships, forget_memberships
        from latu.organisations.models import Membership, Organisation, Unit
        from latu.organisations.units import forget_units

        post_save.connect(forget_units, sender=Unit, dispatch_uid="organisations-unit-choices")
        post_delete.connect(forget_units, sender=Unit, dispatch_uid="organisations-unit-choices-delete")
        for model in (Membership, get_user_model()):
            post_save.connect(forget_memberships, sender=model, dispatch_uid=f"memberships-{model.__name__}")
            post_delete.connect(forget_memberships, sender=model, dispatch_uid=f"memberships-{model.__name__}-delete")
        for model in (Organisation, Unit):
            post_save.connect(forget_all_memberships, sender=model, dispatch_uid=f"memberships-all-{model.__name__}")
            post_delete.connect(forget_all_memberships, sender=model,
                                dispatch_uid=f"memberships-all-{model.__name__}-delete")
