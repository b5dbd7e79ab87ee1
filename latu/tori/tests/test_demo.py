"""The demo: deterministic, idempotent, with the sector distribution of the seeds."""

import io
import random
from collections import Counter

from latu.organisations import demo as organisations_demo
from latu.tori import demo
from latu.tori.demo_data import SECTOR_SHARES
from latu.tori.models import Adoption, Comment, Deed


def test_the_plan_follows_the_seeds(db):
    out = io.StringIO()
    organisations = demo._organisations(out)
    assert 130 <= len(organisations) + 5 <= 150
    plans = demo._plan(random.Random(demo.SEED), 700, organisations)
    assert 690 <= len(plans) <= 700
    shares = Counter(plan.sector for plan in plans)
    for sector, share in SECTOR_SHARES.items():
        assert abs(100 * shares[sector] / len(plans) - share) < 1.5
    assert {plan.language for plan in plans} == {"fi", "sv"}
    assert {plan.published_at.year for plan in plans} == set(range(2015, 2027))
    again = demo._plan(random.Random(demo.SEED), 700, organisations)
    assert [(plan.key, plan.adoptions) for plan in again] == [(plan.key, plan.adoptions) for plan in plans]
    adoptions = [entry for plan in plans for entry in plan.adoptions]
    assert 250 <= len(adoptions) <= 600
    regions = {org.slug: org.region_id for org in organisations.values()}
    assert sum(1 for plan in plans for org, *_ in plan.adoptions if regions[org] != regions[plan.organisation]) > 50


def test_loading_twice_creates_nothing_new(db):
    out = io.StringIO()
    organisations_demo.load(out)
    demo.load(out, count=40)
    counts = (Deed.objects.count(), Adoption.objects.count(), Comment.objects.count())
    assert counts[0] >= 40 and counts[2] > 0
    assert Deed.objects.filter(status=Deed.Status.REVIEW).exists()
    demo.load(out, count=40)
    assert (Deed.objects.count(), Adoption.objects.count(), Comment.objects.count()) == counts
    published = Deed.objects.filter(status=Deed.Status.PUBLISHED)
    assert all(deed.search_norm > 0 for deed in published)
