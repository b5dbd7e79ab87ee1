"""Every index costs a write on every insert: a foreign key gets no index of its own
when another index or unique constraint of its table already begins with it."""

import pytest
from django.apps import apps
from django.db import connection, models


def latu_models():
    return [model for model in apps.get_models() if model.__module__.startswith("latu.")]


def leading_columns(model) -> dict[str, list[str]]:
    """The first field of each index and unique constraint without a condition → their names."""
    found: dict[str, list[str]] = {}
    for index in model._meta.indexes:
        if index.condition is None and index.fields:
            found.setdefault(index.fields[0].lstrip("-"), []).append(index.name)
    for constraint in model._meta.constraints:
        if isinstance(constraint, models.UniqueConstraint) and constraint.condition is None and constraint.fields:
            found.setdefault(constraint.fields[0], []).append(constraint.name)
    for fields in model._meta.unique_together:
        found.setdefault(fields[0], []).append("unique_together")
    return found


def test_no_foreign_key_has_an_index_that_another_one_begins_with():
    doubled = []
    for model in latu_models():
        leading = leading_columns(model)
        for field in model._meta.local_fields:
            if isinstance(field, models.ForeignKey) and field.db_index and not field.unique and field.name in leading:
                doubled.append(f"{model._meta.label}.{field.name} ({', '.join(leading[field.name])})")
    assert doubled == []


@pytest.mark.django_db
def test_the_migrated_database_has_no_such_index_either():
    """The migrations dropped the indexes the models no longer declare."""
    left = []
    with connection.cursor() as cursor:
        for model in latu_models():
            if not model._meta.managed or model._meta.proxy:
                continue
            declared = {index.name for index in model._meta.indexes}
            indexes = connection.introspection.get_constraints(cursor, model._meta.db_table)
            for field in model._meta.local_fields:
                if not isinstance(field, models.ForeignKey) or field.db_index or field.unique:
                    continue
                for name, index in indexes.items():
                    if (index["index"] and not index["unique"] and not index["primary_key"]
                            and index["columns"] == [field.column] and name not in declared):
                        left.append(f"{model._meta.db_table}.{name}")
    assert left == []


@pytest.mark.django_db
def test_search_terms_have_no_foreign_key_constraints_and_still_go_with_their_idea(org):
    """The terms of every new idea are not checked against their idea and organisation at
    commit (the announcing batch's costliest step); deleting still takes them along."""
    from latu.ideas.factories import IdeaFactory
    from latu.ideas.models import IdeaTerm

    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, IdeaTerm._meta.db_table)
    assert [name for name, c in constraints.items() if c["foreign_key"]] == []

    kept, gone = IdeaFactory(organisation=org, title="Kotihoidon iltavuorot"), IdeaFactory(organisation=org)
    assert IdeaTerm.objects.filter(idea=gone).exists()
    gone.delete()
    assert not IdeaTerm.objects.filter(idea_id=gone.pk).exists()
    assert IdeaTerm.objects.filter(idea=kept).exists()
    org.delete()
    assert not IdeaTerm.objects.exists()
