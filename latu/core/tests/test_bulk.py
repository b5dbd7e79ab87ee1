"""Writing many rows at once (latu.core.bulk), the same on SQLite and PostgreSQL."""

import pytest

from latu.core.bulk import insert_ignoring_duplicates, update_each
from latu.ideas.factories import IdeaFactory
from latu.ideas.models import Idea, IdeaTerm, TermKey

pytestmark = pytest.mark.django_db


def test_rows_are_inserted_and_those_already_there_are_skipped(org):
    first, second = IdeaFactory(organisation=org), IdeaFactory(organisation=org)
    IdeaTerm.objects.all().delete()
    IdeaTerm.objects.create(idea=first, organisation=org, term="kotihoito", weight=9.0)
    rows = [(first.pk, org.pk, "kotihoito", 1.0), (first.pk, org.pk, "ilta", 0.5),
            (second.pk, org.pk, "kotihoito", 2.25)]
    insert_ignoring_duplicates(IdeaTerm, ("idea_id", "organisation", "term", "weight"), rows)
    assert sorted(IdeaTerm.objects.values_list("idea_id", "term", "weight")) == sorted([
        (first.pk, "kotihoito", 9.0),  # kept as it was
        (first.pk, "ilta", 0.5), (second.pk, "kotihoito", 2.25),
    ])
    insert_ignoring_duplicates(IdeaTerm, ("idea_id", "organisation", "term", "weight"), [])
    assert IdeaTerm.objects.count() == 3


def test_more_rows_than_sqlite_takes_in_one_statement():
    rows = [(f"k{i:04d}", f"termi{i}") for i in range(1200)]  # 2 400 values
    insert_ignoring_duplicates(TermKey, ("key", "term"), rows + rows[:10])
    assert TermKey.objects.count() == 1200
    assert TermKey.objects.get(key="k1199").term == "termi1199"


def test_each_object_gets_its_own_values(org):
    ideas = [IdeaFactory(organisation=org, announced=False) for _ in range(3)]
    for i, idea in enumerate(ideas):
        idea.search_tokens = f"sana{i} 'lainaus' ja ääkköset {i}"
        idea.announced = i != 1
    update_each(ideas, ["search_tokens", "announced"])
    stored = dict(Idea.objects.values_list("pk", "search_tokens"))
    assert [stored[idea.pk] for idea in ideas] == [f"sana{i} 'lainaus' ja ääkköset {i}" for i in range(3)]
    assert list(Idea.objects.filter(pk__in=[i.pk for i in ideas]).order_by("pk").values_list("announced", flat=True)) \
        == [True, False, True]
    update_each([], ["announced"])  # nothing to do
