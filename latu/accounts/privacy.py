"""Personal data of one person (GDPR): everything Latu holds about them, for download.

Anonymous ideas carry no trace of their author and so are never part of it."""

from datetime import date, datetime
from typing import Any

from django.db.models import Q
from rest_framework.authtoken.models import Token

from latu.accounts.models import User
from latu.audit.models import AuditEvent
from latu.experiments.models import Experiment
from latu.ideas.models import Comment, Idea, Support
from latu.notifications.models import Notification
from latu.organisations.models import Membership
from latu.tori.models import Comment as DeedComment
from latu.tori.models import Deed

FORMAT_VERSION = 1


def _when(value: datetime | date | None) -> str | None:
    return value.isoformat() if value is not None else None


def personal_data(user: User) -> dict[str, Any]:
    """All personal data of ``user`` as a JSON-serialisable dict, in a fixed number of
    queries (one per kind of data, whatever its amount)."""
    memberships = Membership.objects.filter(user=user).select_related("organisation", "unit").order_by("pk")
    ideas = (Idea.objects.filter(author=user, is_anonymous=False).select_related("organisation")
             .order_by("created_at", "pk"))
    comments = Comment.objects.filter(author=user).order_by("created_at", "pk")
    supports = Support.objects.filter(user=user).order_by("created_at", "pk")
    experiments = Experiment.objects.filter(owner=user).select_related("organisation").order_by("pk")
    deeds = Deed.objects.filter(author=user).order_by("pk")
    deed_comments = DeedComment.objects.filter(author=user).order_by("pk")
    notifications = Notification.objects.filter(recipient=user).order_by("created_at", "pk")
    audit = AuditEvent.objects.filter(Q(actor=user) | Q(target__iexact=user.email)).order_by("at", "pk")
    tokens = Token.objects.filter(user=user)
    return {
        "format_version": FORMAT_VERSION,
        "profile": {
            "id": user.pk, "email": user.email, "name": user.name, "title": user.title,
            "language": user.language, "is_programme_office": user.is_programme_office,
            "is_expert": user.is_expert, "is_citizen": user.is_citizen,
            "date_joined": _when(user.date_joined), "last_login": _when(user.last_login),
        },
        "memberships": [
            {"organisation": m.organisation.slug, "organisation_name": m.organisation.name,
             "unit": m.unit.name if m.unit else None, "role": m.role, "since": _when(m.created_at)}
            for m in memberships
        ],
        "ideas": [
            {"id": i.pk, "organisation": i.organisation.slug, "title": i.title, "description": i.description,
             "problem": i.problem, "proposal": i.proposal, "beneficiaries": i.beneficiaries,
             "status": i.status, "language": i.language, "created_at": _when(i.created_at)}
            for i in ideas
        ],
        "comments": [
            {"id": c.pk, "idea": c.idea_id, "reply_to": c.parent_id, "body": c.body,
             "is_hidden": c.is_hidden, "created_at": _when(c.created_at)}
            for c in comments
        ],
        "supports": [{"idea": s.idea_id, "created_at": _when(s.created_at)} for s in supports],
        "experiments": [
            {"id": e.pk, "organisation": e.organisation.slug, "title": e.title, "hypothesis": e.hypothesis,
             "description": e.description, "status": e.status, "starts": _when(e.starts), "ends": _when(e.ends)}
            for e in experiments
        ],
        "deeds": [
            {"id": d.pk, "title": d.title, "status": d.status, "created_at": _when(d.created_at)} for d in deeds
        ],
        "deed_comments": [
            {"id": c.pk, "deed": c.deed_id, "body": c.body, "created_at": _when(c.created_at)}
            for c in deed_comments
        ],
        "notifications": [
            {"kind": n.kind, "title": n.title, "url": n.url, "created_at": _when(n.created_at),
             "read_at": _when(n.read_at)}
            for n in notifications
        ],
        "audit_events": [
            {"at": _when(a.at), "action": a.action, "target": a.target, "data": a.data} for a in audit
        ],
        "api_tokens": [{"created": _when(t.created)} for t in tokens],
    }
