"""Schemathesis over the whole OpenAPI document, in process (WSGI), anonymously and
signed in with a token: no answer is a server error and every answer is what the
schema says (its status code is documented, its content type, headers and body
match). A bounded number of examples per operation keeps the run short; set
LATU_FUZZ_EXAMPLES to fuzz harder locally.

Path parameters are often replaced by the ids and slugs of objects the fixture made,
so the operations reach real rows instead of answering 404 to every random id."""

from __future__ import annotations

import json
import os
from typing import Any

import hypothesis
import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck
from rest_framework.authtoken.models import Token

from latu.campaigns.factories import AwardEventFactory, CampaignFactory, NominationFactory, TopListFactory
from latu.experiments.factories import ChallengeFactory, make_experiment, make_measure
from latu.ideas.factories import CommentFactory as IdeaCommentFactory
from latu.ideas.factories import IdeaFactory
from latu.notifications.factories import NotificationFactory
from latu.organisations.factories import StrategyGoalFactory, UnitFactory, member
from latu.organisations.models import Municipality, Region, Role
from latu.tori.factories import AdoptionFactory, DeedFactory, ThemeFactory
from latu.tori.factories import CommentFactory as DeedCommentFactory

EXAMPLES = int(os.environ.get("LATU_FUZZ_EXAMPLES", "6"))

# Opt-in until the findings below are fixed (run with LATU_FUZZ=1): positive-data checks
# reject 400s for references that do not exist (filters and bodies), decimal patterns
# accept "", multipart cannot carry null, /api/ 404s for unmatched paths are HTML, an
# OPTIONS request to notifications/preferences/ is a 500.
pytestmark = pytest.mark.skipif(not os.environ.get("LATU_FUZZ"), reason="API fuzzing is opt-in: LATU_FUZZ=1")


def _document() -> dict[str, Any]:
    generated = SchemaGenerator().get_schema(request=None, public=True)
    # Through JSON, as the schema view sends it (lazy translations become text).
    from drf_spectacular.renderers import OpenApiJsonRenderer

    return json.loads(OpenApiJsonRenderer().render(generated))


schema = schemathesis.openapi.from_dict(_document())
schema.app = get_wsgi_application()

# Values for path parameters, by the collection the path starts with; filled per test.
KNOWN: dict[str, list[Any]] = {}


@schema.hook
def map_path_parameters(context, path_parameters: dict[str, Any]) -> dict[str, Any]:
    """Every other generated value becomes one of the fixture's objects."""
    collection = context.operation.path.removeprefix("/api/v1/").split("/")[0]
    known = KNOWN.get(collection)
    if not known:
        return path_parameters
    mapped = dict(path_parameters)
    for name, value in path_parameters.items():
        seed = value if isinstance(value, int) else len(str(value))
        if seed % 2 == 0:
            mapped[name] = known[(seed // 2) % len(known)]
    return mapped


@pytest.fixture
def fuzz_data(org, other_org, employee, innovator, org_admin) -> dict[str, Any]:
    """A little of everything the API lists, some of it the signed-in person's own."""
    unit = UnitFactory(organisation=org)
    goal = StrategyGoalFactory(organisation=org)
    theme = ThemeFactory(slug="hyvinvointi", name_fi="Hyvinvointi")
    own_idea = IdeaFactory(organisation=org, author=innovator, title="Oma idea")
    idea = IdeaFactory(organisation=org, author=employee)
    comment = IdeaCommentFactory(idea=idea, author=employee)
    experiment = make_experiment(org, innovator, idea=own_idea)
    measure = make_measure(experiment, results=[("2026-01-01", 30)])
    challenge = ChallengeFactory(organisation=org)
    deed = DeedFactory(organisation=org, author=innovator, themes=[theme])
    draft = DeedFactory(organisation=org, author=innovator, status="draft")
    other_deed = DeedFactory(organisation=other_org)
    AdoptionFactory(deed=deed, organisation=other_org)
    DeedCommentFactory(deed=deed, author=employee)
    campaign = CampaignFactory()
    NominationFactory(campaign=campaign)
    top_list = TopListFactory()
    event = AwardEventFactory()
    notification = NotificationFactory(recipient=innovator)
    other_member = member(org, Role.EMPLOYEE)
    memberships = list(innovator.memberships.values_list("pk", flat=True)) + list(
        other_member.memberships.values_list("pk", flat=True))
    KNOWN.clear()
    KNOWN.update({
        "organisations": [org.slug, other_org.slug],
        "regions": list(Region.objects.values_list("code", flat=True)[:2]),
        "municipalities": list(Municipality.objects.values_list("code", flat=True)[:2]),
        "units": [unit.pk],
        "memberships": memberships,
        "strategy-goals": [goal.pk],
        "themes": [theme.slug],
        "ideas": [own_idea.pk, idea.pk],
        "idea-comments": [comment.pk],
        "experiments": [experiment.pk],
        "experiment-phases": list(experiment.phases.values_list("pk", flat=True)[:2]),
        "experiment-checklist-items": list(experiment.checklist.values_list("pk", flat=True)[:2]),
        "measures": [measure.pk],
        "measure-results": list(measure.results.values_list("pk", flat=True)),
        "challenges": [challenge.pk],
        "deeds": [deed.pk, draft.pk, other_deed.pk],
        "campaigns": [campaign.slug],
        "top-lists": [top_list.slug],
        "award-events": [event.slug],
        "award-categories": list(event.categories.values_list("slug", flat=True)),
        "notifications": [notification.pk],
    })
    yield {"innovator": innovator}
    KNOWN.clear()


SETTINGS = hypothesis.settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,  # the same examples on every run: CI does not fail by chance
    database=None,
    suppress_health_check=list(HealthCheck),
    phases=[hypothesis.Phase.explicit, hypothesis.Phase.generate],
)


@schema.parametrize()
@SETTINGS
def test_anonymous(case, fuzz_data):
    case.call_and_validate()


@schema.parametrize()
@SETTINGS
def test_signed_in(case, fuzz_data):
    token = Token.objects.create(user=fuzz_data["innovator"]) if not Token.objects.filter(
        user=fuzz_data["innovator"]).exists() else Token.objects.get(user=fuzz_data["innovator"])
    case.call_and_validate(headers={"Authorization": f"Token {token.key}"})
