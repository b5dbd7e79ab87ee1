"""Background work of the idea pipeline, through Django's tasks API."""

from django_tasks import task

from latu.ideas import actions


@task()
def announce_ideas(organisation_id: int) -> int:
    """Index, start the timelines of and tell the handlers about the organisation's new
    ideas (see ``actions.announce_new_ideas``)."""
    return actions.announce_new_ideas(organisation_id)
