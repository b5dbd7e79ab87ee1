"""Factories for tests, benchmarks and the demo."""

from datetime import date
from decimal import Decimal

import factory

from latu.experiments import actions
from latu.experiments.models import Challenge, Experiment, Measure, Result
from latu.organisations.factories import OrganisationFactory


class ChallengeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Challenge

    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Haaste {n}")
    description = "Miten voisimme tehdä tämän toisin?"


def make_experiment(organisation, owner, *, team=(), idea=None, challenge=None, **fields) -> Experiment:
    """An experiment created through the action, so it has its phases and checklists."""
    data = {"title": "Kokeilu", "hypothesis": "Jos kokeilemme, tulos paranee.", "owner": owner, **fields}
    return actions.create_experiment(
        actor=owner, organisation=organisation, data=data, team=team, idea=idea, challenge=challenge
    )


def make_measure(experiment, *, results=(), **fields) -> Measure:
    data = {"indicator": "Odotusaika", "unit": "min", "baseline": Decimal("40"), "target": Decimal("20"),
            "direction": Measure.Direction.LOWER, **fields}
    measure = Measure.objects.create(experiment=experiment, **data)
    Result.objects.bulk_create(
        [Result(measure=measure, date=day if isinstance(day, date) else date.fromisoformat(day),
                value=Decimal(str(value))) for day, value in results]
    )
    return measure
