"""``__any_of``: the same rows as ``__in``, sent as one array on PostgreSQL."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from latu.ideas.factories import IdeaFactory
from latu.ideas.models import Idea, IdeaTerm

pytestmark = pytest.mark.django_db


def test_any_of_finds_what_in_finds(org, other_org):
    ideas = [IdeaFactory(organisation=org) for _ in range(3)] + [IdeaFactory(organisation=other_org)]
    wanted = [ideas[0].pk, ideas[2].pk, ideas[3].pk, 10**9]
    for lookup in ("pk", "id"):
        assert set(Idea.objects.filter(**{f"{lookup}__any_of": wanted}).values_list("pk", flat=True)) == \
            set(Idea.objects.filter(pk__in=wanted).values_list("pk", flat=True)) == set(wanted[:3])
    # With another condition, through a foreign key, in an update and a delete.
    assert list(Idea.objects.filter(organisation=org, pk__any_of=wanted).order_by("pk").values_list("pk", flat=True)) \
        == [ideas[0].pk, ideas[2].pk]
    IdeaTerm.objects.all().delete()
    IdeaTerm.objects.create(idea=ideas[0], organisation=org, term="kotihoito", weight=1.0)
    IdeaTerm.objects.create(idea=ideas[1], organisation=org, term="kotihoito", weight=1.0)
    assert IdeaTerm.objects.filter(idea__any_of=[ideas[1].pk]).count() == 1
    assert Idea.objects.filter(pk__any_of=wanted).update(announced=False) == 3
    IdeaTerm.objects.filter(idea__any_of=wanted).delete()
    assert list(IdeaTerm.objects.values_list("idea_id", flat=True)) == [ideas[1].pk]


def test_an_empty_list_matches_nothing_without_a_query(org):
    IdeaFactory(organisation=org)
    with CaptureQueriesContext(connection) as queries:
        assert list(Idea.objects.filter(pk__any_of=[])) == []
    assert len(queries) == 0


def test_on_postgresql_a_thousand_ids_are_one_parameter(org):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: elsewhere any_of is IN")
    ids = list(range(1, 1001))
    sql, params = Idea.objects.filter(pk__any_of=ids).query.sql_with_params()
    assert "= ANY(%s)" in sql and params == (ids,)
