from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "latu.api"
    label = "api"

    def ready(self) -> None:
        from django.contrib.auth import get_user_model
        from django.db.models.signals import post_delete, post_save, pre_delete
        from rest_framework.authtoken.models import Token

        from latu.api.authentication import forget_person_tokens, forget_token

        post_save.connect(forget_token, sender=Token, dispatch_uid="api-token-cache")
        post_delete.connect(forget_token, sender=Token, dispatch_uid="api-token-cache-delete")
        post_save.connect(forget_person_tokens, sender=get_user_model(), dispatch_uid="api-token-cache-person")
        # Before the delete: afterwards the person's token is gone with them.
        pre_delete.connect(forget_person_tokens, sender=get_user_model(), dispatch_uid="api-token-cache-person-delete")
