import io

from latu.experiments import demo
from latu.experiments.models import Experiment, Result
from latu.organisations import demo as organisations_demo


def test_the_demo_has_a_dozen_experiments_in_every_state_and_is_idempotent(db):
    organisations_demo.load(io.StringIO())
    demo.load(io.StringIO())
    experiments = Experiment.objects.all()
    assert experiments.filter(round=1).count() == 12
    statuses = sorted(experiments.values_list("status", flat=True))
    assert statuses.count("adopted") == 2 and statuses.count("stopped") == 1 and statuses.count("iterating") == 1
    assert {1, 2, 3, 4} <= set(experiments.values_list("phase", flat=True))
    second = experiments.get(round=2)
    assert second.previous_round.status == "iterating" and second.status == "running"
    assert second.measures.get(indicator="Asiakaskäyntien odotusaika").baseline == 33
    assert experiments.filter(organisation__slug="porvoo").exists()
    assert Result.objects.count() > 40
    for experiment in experiments.filter(status__in=["adopted", "stopped"]):
        assert experiment.learnings and experiment.decided_at.date() <= experiment.ends
    counts = (Experiment.objects.count(), Result.objects.count())
    demo.load(io.StringIO())
    assert (Experiment.objects.count(), Result.objects.count()) == counts
