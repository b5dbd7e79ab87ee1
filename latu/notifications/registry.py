"""What each event means to the people who hear about it: its category (which the
person's preferences are kept by) and its message. A new event kind is one line in
KINDS; kinds not listed here still notify, with a generic message.

Messages are English msgids with placeholders, translated when they are shown (in the
viewer's language on the page, in the recipient's language in email):
``%(actor)s`` the person who acted (never an anonymous author: those events have no
actor, and the ``without_actor`` message is used), ``%(title)s`` the title of what the
event is about, ``%(organisation)s`` the organisation's name, and the parameters kept
from the event's data (see KEPT_PARAMS).
"""

from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Category(models.TextChoices):
    MY_IDEAS = "my_ideas", _("My ideas")
    DECISIONS = "decisions", _("Decisions on my ideas")
    FOLLOWING = "following", _("Ideas I support or follow")
    COMMENTS = "comments", _("Comments")
    MENTIONS = "mentions", _("Mentions")
    HANDLING = "handling", _("Evaluation work")
    EXPERIMENTS = "experiments", _("Experiments")
    DEEDS = "deeds", _("Tekojen tori")
    ORGANISATION = "organisation", _("Organisation and roles")


CATEGORY_HELP = {
    Category.MY_IDEAS: _("Support, comments and status changes on ideas you have submitted."),
    Category.DECISIONS: _("Decisions on ideas you have submitted, with their reasons."),
    Category.FOLLOWING: _("Status changes and decisions on ideas you support or have commented on."),
    Category.COMMENTS: _("New comments in discussions you take part in, and moderation of your comments."),
    Category.MENTIONS: _("Someone mentions you by name in a comment."),
    Category.HANDLING: _("New ideas to evaluate, escalated ideas and reported comments (innovators and leaders)."),
    Category.EXPERIMENTS: _("Experiments you own or are a team member of."),
    Category.DEEDS: _("Your development deeds in Tekojen tori: review, comments and adoptions."),
    Category.ORGANISATION: _("Your roles in organisations."),
}


class EmailDelivery(models.TextChoices):
    OFF = "off", _("No email")
    IMMEDIATE = "immediate", _("Immediately")
    DIGEST = "digest", _("In the weekly digest")


# (in app, email) for a person who has not chosen otherwise.
DEFAULTS: dict[str, tuple[bool, str]] = dict.fromkeys(Category, (True, EmailDelivery.DIGEST)) | {
    Category.DECISIONS: (True, EmailDelivery.IMMEDIATE),
    Category.MENTIONS: (True, EmailDelivery.IMMEDIATE),
}


def _choice(path: str, value) -> str:
    """The label of ``value`` in a choices class given as "module:Class.Choices"; the
    value itself when it is unknown."""
    from django.utils.module_loading import import_string

    module, attribute = path.split(":")
    choices = import_string(f"{module}.{attribute.split('.')[0]}")
    for part in attribute.split(".")[1:]:
        choices = getattr(choices, part)
    return str(dict(choices.choices).get(value, value or ""))


IDEA_STATUS = "latu.ideas.models:Idea.Status"
IDEA_DECISION = "latu.ideas.models:Decision.Kind"
EXPERIMENT_DECISION = "latu.experiments.models:Experiment.Decision"
ROLE = "latu.organisations.models:Role"
AWARD_DECISION = "latu.campaigns.models:AwardNomination.Decision"
PROGRAMME_APPLICATION_STATUS = "latu.programmes.models:Application.Status"


@dataclass(frozen=True)
class Kind:
    category: str
    message: str
    without_actor: str | None = None  # when there is no actor (anonymous author or the system)
    author_category: str | None = None  # instead of ``category`` for the author of the idea concerned
    labels: dict[str, str] = field(default_factory=dict)  # parameter → choices path, shown as its label


# fmt: off
KINDS: dict[str, Kind] = {
    # Ideas
    "idea.submitted": Kind(Category.HANDLING, _("%(actor)s submitted a new idea “%(title)s”."),
                           _("A new idea “%(title)s” was submitted.")),
    "idea.supported": Kind(Category.MY_IDEAS, _("%(actor)s supported your idea “%(title)s”."),
                           _("Someone supported your idea “%(title)s”.")),
    "idea.status_changed": Kind(Category.FOLLOWING, _("The idea “%(title)s” is now: %(status)s."),
                                author_category=Category.MY_IDEAS, labels={"status": IDEA_STATUS}),
    "idea.evaluated": Kind(Category.HANDLING, _("%(actor)s evaluated the idea “%(title)s”."),
                           _("The idea “%(title)s” was evaluated.")),
    "idea.decided": Kind(Category.FOLLOWING, _("Decision on the idea “%(title)s”: %(kind)s."),
                         author_category=Category.DECISIONS, labels={"kind": IDEA_DECISION}),
    "idea.escalated": Kind(Category.HANDLING, _("The idea “%(title)s” was escalated to a forum you decide in.")),
    "idea.merged": Kind(Category.FOLLOWING, _("The idea “%(title)s” was merged into “%(merged_into_title)s”."),
                        author_category=Category.DECISIONS),
    "comment.created": Kind(Category.COMMENTS, _("%(actor)s commented on the idea “%(title)s”."),
                            _("New comment on the idea “%(title)s”."), author_category=Category.MY_IDEAS),
    "comment.mentioned": Kind(Category.MENTIONS, _("%(actor)s mentioned you in a comment on the idea “%(title)s”."),
                              _("You were mentioned in a comment on the idea “%(title)s”.")),
    "comment.hidden": Kind(Category.COMMENTS, _("Your comment on the idea “%(title)s” was hidden by a moderator.")),
    "comment.reported": Kind(Category.HANDLING, _("A comment on the idea “%(title)s” was reported as inappropriate.")),
    # Experiments
    "experiment.created": Kind(Category.EXPERIMENTS, _("%(actor)s started the experiment “%(title)s” with you."),
                               _("The experiment “%(title)s” was started with you.")),
    "experiment.updated": Kind(Category.EXPERIMENTS, _("%(actor)s updated the experiment “%(title)s”."),
                               _("The experiment “%(title)s” was updated.")),
    "experiment.phase_changed": Kind(Category.EXPERIMENTS, _("The experiment “%(title)s” moved to phase %(to)s of 4.")),
    "experiment.decided": Kind(Category.EXPERIMENTS, _("End decision on the experiment “%(title)s”: %(decision)s."),
                               labels={"decision": EXPERIMENT_DECISION}),
    # Tekojen tori
    "deed.submitted": Kind(Category.DEEDS, _("%(actor)s sent the deed “%(title)s” for review."),
                           _("The deed “%(title)s” was sent for review.")),
    "deed.updated": Kind(Category.DEEDS, _("%(actor)s updated the deed “%(title)s”."),
                         _("The deed “%(title)s” was updated.")),
    "deed.published": Kind(Category.DEEDS, _("Your deed “%(title)s” was published in Tekojen tori.")),
    "deed.returned": Kind(Category.DEEDS, _("Your deed “%(title)s” was returned to you for changes.")),
    "deed.archived": Kind(Category.DEEDS, _("Your deed “%(title)s” was archived.")),
    "deed.adopted": Kind(Category.DEEDS, _("%(actor)s adopted your deed “%(title)s”."),
                         _("Your deed “%(title)s” was adopted.")),
    "deed.commented": Kind(Category.DEEDS, _("%(actor)s commented on your deed “%(title)s”."),
                           _("New comment on your deed “%(title)s”.")),
    "deed.comment_reported": Kind(Category.DEEDS,
                                  _("A comment on the deed “%(title)s” was reported as inappropriate.")),
    "deed.comment_hidden": Kind(Category.DEEDS, _("Your comment on the deed “%(title)s” was hidden by a moderator.")),
    # Campaigns and awards
    "campaign.nomination_told": Kind(Category.DEEDS,
                                     _("The colleague you challenged told their deed “%(title)s”.")),
    "award.nominated": Kind(Category.HANDLING, _("%(actor)s proposed “%(title)s” for an award."),
                            _("“%(title)s” was proposed for an award.")),
    "award.decided": Kind(Category.HANDLING, _("%(actor)s decided the award proposal “%(title)s”: %(decision)s."),
                          _("The award proposal “%(title)s” was decided: %(decision)s."),
                          labels={"decision": AWARD_DECISION}),
    # Programme services
    "application.decided": Kind(Category.DECISIONS, _("Decision on your application “%(title)s”: %(status)s."),
                                labels={"status": PROGRAMME_APPLICATION_STATUS}),
    "application.expert_chosen": Kind(Category.ORGANISATION,
                                      _("You were chosen as the expert for “%(title)s”: the application was granted.")),
    # Organisations and roles
    "role.granted": Kind(Category.ORGANISATION, _("You now have the role %(role)s in %(organisation)s."),
                         labels={"role": ROLE}),
    "role.revoked": Kind(Category.ORGANISATION, _("Your role %(role)s in %(organisation)s was removed."),
                         labels={"role": ROLE}),
    "member.removed": Kind(Category.ORGANISATION, _("You were removed from %(organisation)s.")),
    "people.imported": Kind(Category.ORGANISATION, _("%(actor)s imported people into %(organisation)s."),
                            _("People were imported into %(organisation)s.")),
    "organisation.changed": Kind(Category.ORGANISATION, _("%(actor)s changed the settings of %(organisation)s."),
                                 _("The settings of %(organisation)s were changed.")),
}
# fmt: on

# Kinds not in KINDS get a category by their prefix and a generic message.
PREFIX_CATEGORIES = {
    "idea": Category.FOLLOWING,
    "comment": Category.COMMENTS,
    "experiment": Category.EXPERIMENTS,
    "challenge": Category.EXPERIMENTS,
    "deed": Category.DEEDS,
}
GENERIC = Kind(Category.ORGANISATION, _("News about “%(title)s”."), _("News about “%(title)s”."))
GENERIC_UNTITLED = pgettext_lazy("notification", "News in Latu.")

# The only parts of an event's data a notification keeps (truncated): never anything
# that could identify an anonymous author.
KEPT_PARAMS = ("status", "kind", "decision", "from", "to", "role", "merged_into_title", "reason", "note", "excerpt")
MAX_PARAM_LENGTH = 500
# A longer text shown under the message (a decision's reason, a moderator's note).
DETAIL_PARAMS = ("reason", "note", "excerpt")


def kind_for(kind: str) -> Kind:
    known = KINDS.get(kind)
    if known is not None:
        return known
    prefix = kind.split(".", 1)[0]
    return Kind(PREFIX_CATEGORIES.get(prefix, Category.ORGANISATION), GENERIC.message, GENERIC.without_actor)


class _Params(dict):
    def __missing__(self, key):
        return ""


def render_message(kind: str, *, actor_name: str, title: str, organisation_name: str, params: dict) -> str:
    """The message in the active language."""
    spec = kind_for(kind)
    if spec.message == GENERIC.message and not title:
        return str(GENERIC_UNTITLED)
    values = _Params({key: value for key, value in params.items() if key not in DETAIL_PARAMS})
    for key, path in spec.labels.items():
        if key in values:
            values[key] = _choice(path, values[key])
    values.update(actor=actor_name, title=title, organisation=organisation_name)
    template = spec.message if actor_name or spec.without_actor is None else spec.without_actor
    return str(template) % values


def detail_of(params: dict) -> str:
    for key in DETAIL_PARAMS:
        if params.get(key):
            return str(params[key])
    return ""

