"""Every change to deeds, adoptions and comments: validated, written in one transaction,
audited, announced as an event, and kept in the search index."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from latu import access
from latu.access.tori import adopting_organisations, deed_organisations
from latu.audit.log import record
from latu.core.events import emit
from latu.core.text import plain_excerpt
from latu.tori import indexing
from latu.tori.models import Adoption, Comment, CommentReport, Deed, DeedImage, DeedLink

# Deed fields an author may set (besides the many-to-many ones below).
DEED_FIELDS = (
    "title", "lead", "story", "results", "how_to_adopt", "has_results", "organisation", "sector", "keywords",
    "language", "year", "contact_name", "contact_email", "source_experiment",
)
DEED_RELATIONS = ("themes", "co_organisations", "contacts")
AUDIT_MODERATION = "moderation"
AUDIT_OTHER = "other"


def _people(deed: Deed) -> list:
    """Author and contact people: who hears about what happens to the deed."""
    people = list(deed.contacts.all())
    if deed.author_id and deed.author not in people:
        people.append(deed.author)
    return people


def _programme_office() -> list:
    return list(get_user_model().objects.filter(is_programme_office=True, is_active=True))


def _apply(deed: Deed, fields: dict) -> dict:
    relations = {}
    for name, value in fields.items():
        if name in DEED_RELATIONS:
            relations[name] = value
        elif name in DEED_FIELDS:
            setattr(deed, name, value)
        else:
            raise ValueError(f"Unknown deed field {name!r}")
    if deed.organisation_id:
        deed.region_id = deed.organisation.region_id
    return relations


def _set_relations(deed: Deed, relations: dict) -> None:
    for name, value in relations.items():
        values = list(value or [])
        if name == "co_organisations":
            values = [org for org in values if getattr(org, "pk", org) != deed.organisation_id]
        getattr(deed, name).set(values)


def _save_images(deed: Deed, images: Iterable[dict]) -> None:
    order = deed.images.count()
    for image in images:
        if not image.get("image"):
            continue
        order += 1
        item = DeedImage(deed=deed, image=image["image"], alt_text=image.get("alt_text", ""),
                         caption=image.get("caption", ""), order=order)
        item.full_clean()
        item.save()


def _save_links(deed: Deed, links: Iterable[dict]) -> None:
    order = deed.links.count()
    for link in links:
        if not link.get("url"):
            continue
        order += 1
        item = DeedLink(deed=deed, url=link["url"], title=link.get("title") or link["url"], order=order)
        item.full_clean()
        item.save()


def deed_of_experiment(experiment) -> Deed | None:
    """The deed told of an experiment (one per experiment; an archived one does not count)."""
    return (Deed.objects.filter(source_experiment=experiment).exclude(status=Deed.Status.ARCHIVED)
            .order_by("pk").first())


def create_deed(actor, *, submit: bool = False, images: Iterable[dict] = (), links: Iterable[dict] = (),
                invitation=None, **fields) -> Deed:
    """A new deed by ``actor`` for one of their organisations, or one that the open
    "haasta kollega" ``invitation`` they followed allows (draft, or in review with ``submit``)."""
    organisation = fields.get("organisation")
    if organisation is None or not deed_organisations(actor, invitation).filter(pk=organisation.pk).exists():
        raise PermissionDenied
    if (experiment := fields.get("source_experiment")) is not None and deed_of_experiment(experiment) is not None:
        raise ValidationError(_("This experiment has already been told as a deed."), code="experiment_has_deed")
    deed = Deed(author=actor if getattr(actor, "is_authenticated", False) else None)
    with transaction.atomic():
        relations = _apply(deed, fields)
        deed.full_clean()
        if submit:
            deed.status = Deed.Status.REVIEW
            deed.submitted_at = timezone.now()
        deed.save()
        _set_relations(deed, relations)
        _save_images(deed, images)
        _save_links(deed, links)
        record(AUDIT_OTHER, actor=actor, organisation=deed.organisation, target=f"deed:{deed.pk}",
               event="deed.created", status=deed.status)
    emit("deed.created", target=deed, actor=actor, organisation=deed.organisation)
    if submit:
        emit("deed.submitted", target=deed, actor=actor, organisation=deed.organisation,
             recipients=_programme_office())
    return deed


def update_deed(actor, deed: Deed, *, images: Iterable[dict] = (), links: Iterable[dict] = (),
                remove_images: Iterable[int] = (), remove_links: Iterable[int] = (), **fields) -> Deed:
    """Change a deed's content; a published deed is re-indexed at once."""
    if not access.can(actor, "change", deed):
        raise PermissionDenied
    new_organisation = fields.get("organisation")
    if (
        new_organisation is not None
        and new_organisation.pk != deed.organisation_id
        and not deed_organisations(actor).filter(pk=new_organisation.pk).exists()
    ):
        raise PermissionDenied
    with transaction.atomic():
        relations = _apply(deed, fields)
        deed.full_clean()
        deed.save()
        _set_relations(deed, relations)
        deed.images.filter(pk__in=list(remove_images)).delete()
        deed.links.filter(pk__in=list(remove_links)).delete()
        _save_images(deed, images)
        _save_links(deed, links)
        if deed.is_published:
            indexing.index_deeds([deed])
        record(AUDIT_OTHER, actor=actor, organisation=deed.organisation, target=f"deed:{deed.pk}",
               event="deed.updated", fields=sorted(fields))
    emit("deed.updated", target=deed, actor=actor, organisation=deed.organisation)
    return deed


def submit_deed(actor, deed: Deed) -> Deed:
    """Draft → in review: the programme office is asked to publish it."""
    if not access.can(actor, "submit", deed):
        raise PermissionDenied
    with transaction.atomic():
        deed.status = Deed.Status.REVIEW
        deed.submitted_at = timezone.now()
        deed.save(update_fields=["status", "submitted_at", "updated_at"])
        record(AUDIT_OTHER, actor=actor, organisation=deed.organisation, target=f"deed:{deed.pk}",
               event="deed.submitted")
    emit("deed.submitted", target=deed, actor=actor, organisation=deed.organisation,
         recipients=_programme_office())
    return deed


def _moderate(actor, deed: Deed, status: str, note: str, event: str, allowed_from: tuple) -> Deed:
    if not access.can(actor, "moderate", deed):
        raise PermissionDenied
    if deed.status not in allowed_from:
        raise ValidationError(_("The deed cannot be moved from its current state this way."))
    with transaction.atomic():
        previous = deed.status
        deed.status = status
        deed.review_note = (note or "").strip()
        if status == Deed.Status.PUBLISHED and deed.published_at is None:
            deed.published_at = timezone.now()
        deed.save(update_fields=["status", "review_note", "published_at", "updated_at"])
        indexing.index_deeds([deed])
        record(AUDIT_MODERATION, actor=actor, organisation=deed.organisation, target=f"deed:{deed.pk}",
               event=event, previous=previous, note=deed.review_note)
    emit(event, target=deed, actor=actor, organisation=deed.organisation, recipients=_people(deed),
         data={"note": deed.review_note})
    return deed


def publish_deed(actor, deed: Deed, note: str = "") -> Deed:
    return _moderate(actor, deed, Deed.Status.PUBLISHED, note, "deed.published",
                     (Deed.Status.DRAFT, Deed.Status.REVIEW, Deed.Status.ARCHIVED))


def return_deed(actor, deed: Deed, note: str) -> Deed:
    """Back to the author as a draft, with a note on what to change."""
    if not (note or "").strip():
        raise ValidationError({"note": _("Tell the author what to change.")})
    return _moderate(actor, deed, Deed.Status.DRAFT, note, "deed.returned",
                     (Deed.Status.REVIEW, Deed.Status.PUBLISHED))


def archive_deed(actor, deed: Deed, note: str = "") -> Deed:
    """Off the marketplace; kept for the record."""
    return _moderate(actor, deed, Deed.Status.ARCHIVED, note, "deed.archived",
                     (Deed.Status.DRAFT, Deed.Status.REVIEW, Deed.Status.PUBLISHED))


def delete_deed(actor, deed: Deed) -> None:
    if not access.can(actor, "delete", deed):
        raise PermissionDenied
    with transaction.atomic():
        record(AUDIT_OTHER, actor=actor, organisation=deed.organisation, target=f"deed:{deed.pk}",
               event="deed.deleted", title=deed.title)
        indexing.unindex_deeds([deed.pk])
        deed.delete()


def set_awarded(deed: Deed, awarded: bool = True, actor=None) -> Deed:
    """Mark a deed awarded (or not): called by the awards of the campaigns app."""
    with transaction.atomic():
        Deed.objects.filter(pk=deed.pk).update(awarded=awarded)
        deed.awarded = awarded
        record(AUDIT_OTHER, actor=actor, organisation=deed.organisation, target=f"deed:{deed.pk}",
               event="deed.awarded" if awarded else "deed.award_removed")
    indexing.bump_version()
    return deed


# --- Adoptions --------------------------------------------------------------------------


def learning_sources(deed: Deed, exclude_organisation=None):
    """Organisations an adopter may have learned the deed from: its own organisation and
    those that adopted it before."""
    from latu.organisations.models import Organisation

    ids = {deed.organisation_id, *deed.adoptions.values_list("organisation_id", flat=True)}
    qs = Organisation.objects.filter(pk__in=ids)
    if exclude_organisation is not None:
        qs = qs.exclude(pk=getattr(exclude_organisation, "pk", exclude_organisation))
    return qs


def adopt(actor, deed: Deed, organisation, *, adopted_on=None, note: str = "", outcome: str = "",
          learned_from=None) -> Adoption:
    """Otettu mallia: ``organisation`` (one of the actor's) adopted ``deed``, having learned
    it from ``learned_from`` (the deed's organisation when not given)."""
    if not access.can(actor, "adopt", deed):
        raise PermissionDenied
    if not adopting_organisations(actor, deed).filter(pk=organisation.pk).exists():
        raise PermissionDenied
    if learned_from is None:
        learned_from = deed.organisation
    elif not learning_sources(deed, organisation).filter(pk=learned_from.pk).exists():
        raise ValidationError({"learned_from": _("Choose the deed's organisation or one that adopted it before.")})
    adoption = Adoption(
        deed=deed, organisation=organisation, adopted_by=actor, note=(note or "").strip(),
        outcome=(outcome or "").strip(), adopted_on=adopted_on or timezone.localdate(), learned_from=learned_from,
    )
    adoption.full_clean(exclude=["deed", "organisation"])
    if Adoption.objects.filter(deed=deed, organisation=organisation).exists():
        raise ValidationError({"organisation": _("Your organisation has already recorded this adoption.")})
    try:
        with transaction.atomic():
            adoption.save()
            Deed.objects.filter(pk=deed.pk).update(adoption_count=F("adoption_count") + 1)
            record(AUDIT_OTHER, actor=actor, organisation=organisation, target=f"deed:{deed.pk}",
                   event="deed.adopted")
    except IntegrityError:
        raise ValidationError(
            {"organisation": _("Your organisation has already recorded this adoption.")}
        ) from None
    deed.adoption_count += 1
    indexing.bump_version()
    emit("deed.adopted", target=adoption, actor=actor, organisation=deed.organisation,
         recipients=_people(deed), data={"deed": deed.pk, "by": organisation.pk})
    return adoption


def update_adoption(actor, adoption: Adoption, *, adopted_on=None, note: str = "", outcome: str = "") -> Adoption:
    if not access.can(actor, "change", adoption):
        raise PermissionDenied
    adoption.note = (note or "").strip()
    adoption.outcome = (outcome or "").strip()
    if adopted_on:
        adoption.adopted_on = adopted_on
    adoption.full_clean(exclude=["deed", "organisation"])
    with transaction.atomic():
        adoption.save()
        record(AUDIT_OTHER, actor=actor, organisation=adoption.organisation, target=f"deed:{adoption.deed_id}",
               event="adoption.updated")
    return adoption


def remove_adoption(actor, adoption: Adoption) -> None:
    if not access.can(actor, "delete", adoption):
        raise PermissionDenied
    with transaction.atomic():
        Deed.objects.filter(pk=adoption.deed_id, adoption_count__gt=0).update(adoption_count=F("adoption_count") - 1)
        record(AUDIT_OTHER, actor=actor, organisation=adoption.organisation, target=f"deed:{adoption.deed_id}",
               event="adoption.removed")
        adoption.delete()
    indexing.bump_version()


# --- Comments ---------------------------------------------------------------------------


def add_comment(actor, deed: Deed, body: str) -> Comment:
    if not access.can(actor, "comment", deed):
        raise PermissionDenied
    body = (body or "").strip()
    comment = Comment(deed=deed, author=actor, body=body)
    comment.full_clean(exclude=["deed", "author"])
    with transaction.atomic():
        comment.save()
    emit("deed.commented", target=comment, actor=actor, organisation=deed.organisation, recipients=_people(deed),
         data={"deed": deed.pk, "excerpt": plain_excerpt(body, 140)})
    return comment


def report_comment(actor, comment: Comment, reason: str = "") -> CommentReport | None:
    """Flag a comment for the programme office; once per person."""
    if not access.can(actor, "report", comment):
        raise PermissionDenied
    with transaction.atomic():
        report, created = CommentReport.objects.get_or_create(
            comment=comment, reporter=actor, defaults={"reason": (reason or "").strip()[:300]}
        )
        if not created:
            return report
        Comment.objects.filter(pk=comment.pk).update(report_count=F("report_count") + 1)
    comment.report_count += 1
    emit("deed.comment_reported", target=comment, actor=actor, organisation=comment.deed.organisation,
         recipients=_programme_office(), data={"deed": comment.deed_id})
    return report


def hide_comment(actor, comment: Comment, reason: str) -> Comment:
    """Moderation: hide a comment with a reason (audited)."""
    if not access.can(actor, "moderate", comment):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give a reason for hiding the comment.")})
    with transaction.atomic():
        comment.is_hidden = True
        comment.hidden_reason = reason[:300]
        comment.hidden_by = actor
        comment.hidden_at = timezone.now()
        comment.save(update_fields=["is_hidden", "hidden_reason", "hidden_by", "hidden_at"])
        comment.reports.update(handled=True)
        record(AUDIT_MODERATION, actor=actor, organisation=comment.deed.organisation, target=f"comment:{comment.pk}",
               event="comment.hidden", reason=comment.hidden_reason, deed=comment.deed_id)
    emit("deed.comment_hidden", target=comment, actor=actor, organisation=comment.deed.organisation,
         recipients=[comment.author] if comment.author_id else [], data={"reason": comment.hidden_reason})
    return comment


def restore_comment(actor, comment: Comment) -> Comment:
    if not access.can(actor, "moderate", comment):
        raise PermissionDenied
    with transaction.atomic():
        comment.is_hidden = False
        comment.save(update_fields=["is_hidden"])
        record(AUDIT_MODERATION, actor=actor, organisation=comment.deed.organisation, target=f"comment:{comment.pk}",
               event="comment.restored", deed=comment.deed_id)
    return comment


def delete_comment(actor, comment: Comment) -> None:
    if not access.can(actor, "delete", comment):
        raise PermissionDenied
    with transaction.atomic():
        record(AUDIT_MODERATION if actor.pk != comment.author_id else AUDIT_OTHER, actor=actor,
               organisation=comment.deed.organisation, target=f"comment:{comment.pk}", event="comment.deleted",
               deed=comment.deed_id)
        comment.delete()


# --- From the idea pipeline -------------------------------------------------------------


def _format_number(value) -> str:
    if value is None:
        return "–"
    text = f"{value:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


def prefill_from_experiment(experiment) -> dict:
    """Initial values of the deed form from an experiment (typically one whose decision
    was to adopt): title, lead, story, results, how to adopt, organisation, year and the
    link back to the experiment. The author edits everything before saving."""
    description = (experiment.description or "").strip()
    hypothesis = (experiment.hypothesis or "").strip()
    story_parts = [part for part in (description, hypothesis and _("Hypothesis: %(text)s") % {"text": hypothesis})
                   if part]
    result_lines = []
    measures = list(experiment.measures.prefetch_related("results"))
    for measure in measures:
        latest = measure.latest_result()
        unit = f" {measure.unit}" if measure.unit else ""
        result_lines.append(
            "- "
            + _("%(indicator)s: baseline %(baseline)s%(unit)s, target %(target)s%(unit)s, result %(result)s%(unit)s")
            % {
                "indicator": measure.indicator,
                "baseline": _format_number(measure.baseline),
                "target": _format_number(measure.target),
                "result": _format_number(latest.value if latest else None),
                "unit": unit,
            }
        )
    # The year the experiment was adopted, not its planned end (which may lie ahead).
    year_source = timezone.localdate(experiment.decided_at) if experiment.decided_at else (
        experiment.ends or experiment.starts)
    initial = {
        "title": experiment.title,
        "lead": plain_excerpt(description or hypothesis, 300),
        "story": "\n\n".join(story_parts),
        "results": "\n".join(result_lines),
        "how_to_adopt": (experiment.learnings or "").strip(),
        "has_results": any(measure.latest_result() is not None for measure in measures),
        "organisation": experiment.organisation_id,
        "source_experiment": experiment.pk,
    }
    if year_source:
        initial["year"] = year_source.year
    contacts = [user.pk for user in [experiment.owner] if user is not None]
    if contacts:
        initial["contacts"] = contacts
    return initial
