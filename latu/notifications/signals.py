from latu.notifications.models import Notification


def forget_actor(sender, instance, **kwargs) -> None:
    """When a person's account is deleted, their name goes from others' notifications too."""
    Notification.objects.filter(actor=instance).update(actor=None, actor_name="")
