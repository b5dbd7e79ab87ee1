"""A few notifications for the Hollola demo people, so that their notifications page
and home panel show what Latu tells them. Made the same way as real ones (from
events), without email. A person who already has a notification of the same kind
about the same thing does not get another, so running the demo again creates nothing
new."""

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from latu.accounts.models import User
from latu.core.events import Event
from latu.notifications.delivery import deliver
from latu.notifications.models import Notification
from latu.organisations.models import Membership, Organisation

DOMAIN = "hollola.example.fi"


def _person(login: str) -> User | None:
    return User.objects.filter(email=f"{login}@{DOMAIN}", is_active=True).first()


def _idea_data(idea, **extra) -> dict:
    return {"idea": idea.pk, "title": idea.title, "status": idea.status, "url": idea.get_absolute_url(), **extra}


def _within(idea, days_ago: int) -> dt.datetime:
    """``days_ago`` days back, but inside the idea's own timeline (from its first to its
    last activity): a notification is never older than the idea or newer than its story."""
    from django.db.models import Max, Min

    at = timezone.now() - dt.timedelta(days=days_ago)
    span = idea.activities.aggregate(first=Min("created_at"), last=Max("created_at"))
    first, last = span["first"] or idea.created_at, span["last"] or idea.created_at
    return min(max(at, first), last)


def _mention(idea, writer: User, person: User, at: dt.datetime):
    """A real comment mentioning ``person``, so that the mention notification opens one."""
    from django.db.models import F

    from latu.ideas.models import Comment, Idea

    body = f"@{person.name} katso tämä, kokeilisitko tätä omassa yksikössäsi?"
    comment = Comment.objects.filter(idea=idea, author=writer, body=body).first()
    if comment is None:
        comment = Comment.objects.create(idea=idea, author=writer, body=body, created_at=at,
                                         by_idea_author=writer.pk == idea.author_id)
        Idea.objects.filter(pk=idea.pk).update(comment_count=F("comment_count") + 1)
    comment.mentions.add(person)
    return comment


def _events(org: Organisation, people: dict[str, User]) -> list[tuple[Event, int | dt.datetime, bool]]:
    """(event, days ago or the time, already read) for each demo notification."""
    from latu.ideas.models import Idea

    employee, innovator, supervisor = people["tyontekija"], people["uudistaja"], people["esihenkilo"]
    manager = people["johto"]
    colleague = (
        User.objects.filter(memberships__organisation=org, email__startswith="henkilo", is_active=True)
        .order_by("pk").first()
    )
    ideas = list(Idea.objects.filter(organisation=org, is_anonymous=False).order_by("pk")[:4])
    own = Idea.objects.filter(organisation=org, author=employee).order_by("pk").first()
    events: list[tuple[Event, int, bool]] = []
    for membership in Membership.objects.filter(organisation=org, user__in=people.values()).select_related("user"):
        events.append((Event("role.granted", target=membership, actor=None, organisation=org,
                             recipients=(membership.user,), data={"role": membership.role}), 30, False))
    if own is not None:
        if colleague is not None:
            events.append((Event("idea.supported", target=own, actor=colleague, organisation=org,
                                 recipients=(employee,), data=_idea_data(own)), _within(own, 5), True))
        events.append((Event("idea.status_changed", target=own, actor=innovator, organisation=org,
                             recipients=(employee,), data=_idea_data(own)), _within(own, 3), False))
        at = _within(own, 1)
        comment = _mention(own, innovator, employee, at)
        events.append((Event("comment.mentioned", target=comment, actor=innovator, organisation=org,
                             recipients=(employee,), data=_idea_data(own, comment=comment.pk)), at, False))
    for number, idea in enumerate(ideas[:2]):
        events.append((Event("idea.submitted", target=idea, actor=idea.author, organisation=org,
                             recipients=(innovator,), data=_idea_data(idea)), _within(idea, 2 + number), False))
    if ideas:
        idea = ideas[-1]
        events.append((Event("idea.escalated", target=idea, actor=innovator, organisation=org,
                             recipients=(supervisor, manager), data=_idea_data(idea)), _within(idea, 1), False))
    return events


def _already_told(event: Event) -> set[int]:
    """The recipients who already have a notification of this kind about this target."""
    target_type = ContentType.objects.get_for_model(event.target)
    return set(
        Notification.objects.filter(kind=event.kind, target_type=target_type, target_id=event.target.pk,
                                    recipient__in=event.recipients).values_list("recipient_id", flat=True)
    )


def load(stdout) -> None:
    org = Organisation.objects.filter(slug="hollola").first()
    logins = ["tyontekija", "uudistaja", "esihenkilo", "johto", "paakayttaja"]
    people = {login: person for login in logins if (person := _person(login)) is not None}
    if org is None or not {"tyontekija", "uudistaja", "esihenkilo", "johto"} <= set(people):
        return
    now = timezone.now()
    created = 0
    for event, days_ago, read in _events(org, people):
        told = _already_told(event)
        recipients = tuple(p for p in event.recipients if p.pk not in told)
        if not recipients:
            continue
        event = Event(event.kind, event.target, event.actor, event.organisation, recipients, event.data)
        rows = deliver(event, send_email=False)
        at = days_ago if isinstance(days_ago, dt.datetime) else now - dt.timedelta(days=days_ago)
        Notification.objects.filter(pk__in=[n.pk for n in rows]).update(
            created_at=at, read_at=at + dt.timedelta(hours=2) if read else None
        )
        created += len(rows)
    if created:
        stdout.write(f"Notifications: {created} for the Hollola demo people.")
