"""Writing many rows at once (latu.core.bulk), the same on SQLite and PostgreSQL."""

import pytest

from latu.core.bulk import insert_ignoring_duplicates
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


def test_new_objects_are_inserted_at_once_and_get_their_keys(org, employee, innovator):
    from django.contrib.contenttypes.models import ContentType

    from latu.core.bulk import insert_all
    from latu.notifications.models import Notification

    idea = IdeaFactory(organisation=org)
    target_type = ContentType.objects.get_for_model(Idea)
    rows = [
        Notification(recipient=employee, kind="idea.submitted", category="handling", organisation=org,
                     actor=innovator, actor_name="Iida", target_type=target_type, target_id=idea.pk,
                     title="Otsikko 'lainaus'", url="/ideas/1/", params={"status": "new", "n": [1, 2]}),
        Notification(recipient=innovator, kind="idea.decided", category="my_ideas", organisation=None,
                     actor=None, title="Toinen", params={}, in_app=False, email="digest"),
    ]
    created = insert_all(rows)
    assert created is rows and all(n.pk and not n._state.adding for n in rows)
    stored = {n.pk: n for n in Notification.objects.filter(pk__in=[n.pk for n in rows])}
    first, second = stored[rows[0].pk], stored[rows[1].pk]
    assert (first.recipient_id, first.actor_id, first.target_id, first.params) == \
        (employee.pk, innovator.pk, idea.pk, {"status": "new", "n": [1, 2]})
    assert first.title == "Otsikko 'lainaus'" and first.created_at == rows[0].created_at
    assert (second.recipient_id, second.organisation_id, second.params, second.in_app, second.email) == \
        (innovator.pk, None, {}, False, "digest")
    assert insert_all([]) == []


def test_new_rows_are_copied_in_and_a_duplicate_fails_the_whole_call(org):
    from django.db import IntegrityError, transaction

    from latu.core.bulk import copy_rows

    idea = IdeaFactory(organisation=org)
    IdeaTerm.objects.all().delete()
    rows = [(idea.pk, org.pk, "työhyvinvointi", 2.5), (idea.pk, org.pk, "o'connor \\ \"lainaus\"", 0.125)]
    copy_rows(IdeaTerm, ("idea_id", "organisation", "term", "weight"), rows)
    assert sorted(IdeaTerm.objects.values_list("idea_id", "organisation_id", "term", "weight")) == sorted(rows)
    with pytest.raises(IntegrityError), transaction.atomic():
        copy_rows(IdeaTerm, ("idea", "organisation", "term", "weight"),
                  [(idea.pk, org.pk, "uusi", 1.0), (idea.pk, org.pk, "työhyvinvointi", 1.0)])
    assert IdeaTerm.objects.count() == 2  # nothing of the failed call
    copy_rows(IdeaTerm, ("idea", "organisation", "term", "weight"), [])


def test_stored_terms_replace_those_an_idea_had(org):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from latu.ideas.search import store_terms

    idea = IdeaFactory(organisation=org, title="Kotihoidon iltavuorot", description="Vuorolistat ajoissa.")
    assert IdeaTerm.objects.filter(idea=idea).exists()
    with CaptureQueriesContext(connection) as queries:
        store_terms([idea], [{"uusi": 1.0, "sana": 0.5}])
    on_terms = [q["sql"] for q in queries if "ideas_ideaterm" in q["sql"]]
    assert on_terms[0].startswith("DELETE") and not any(sql.startswith("SELECT") for sql in on_terms)
    assert dict(IdeaTerm.objects.filter(idea=idea).values_list("term", "weight")) == {"uusi": 1.0, "sana": 0.5}
