"""`latu reindex-ideas` analyses the ideas again and replaces their search terms."""

import io

import pytest
from django.core.management import CommandError, call_command

from latu.ideas.models import IdeaTerm, TermKey
from latu.ideas.search import idea_terms

pytestmark = pytest.mark.django_db


def search(client, q):
    return [row["title"] for row in client.get("/api/v1/ideas/", {"q": q}).json()["results"]]


def reindex(*args):
    out = io.StringIO()
    call_command("reindex-ideas", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_reindexing_replaces_lost_and_stale_terms(client_for, employee, org, make_idea):
    ideas = [make_idea(title="Kotihoidon iltavuorot", description="Vuorolistat valmiiksi ajoissa."),
             make_idea(title="Koulujen ruokahävikki", description="Punnitaan jäänyt ruoka.")]
    expected = {idea.pk: idea_terms(idea) for idea in ideas}
    IdeaTerm.objects.filter(idea=ideas[0]).delete()
    IdeaTerm.objects.filter(idea=ideas[1]).update(weight=0.01)
    IdeaTerm.objects.create(idea=ideas[1], organisation=org, term="vanhentunut", weight=5.0)
    client = client_for(employee)
    assert search(client, "kotihoito") == []

    assert reindex("--batch-size", "1").startswith("Ideas indexed: 2 in ")

    for idea in ideas:
        stored = dict(IdeaTerm.objects.filter(idea=idea).values_list("term", "weight"))
        assert stored == pytest.approx(expected[idea.pk])
    assert search(client, "kotihoito") == ["Kotihoidon iltavuorot"]
    assert search(client, "vanhentunut") == []


def test_one_organisation_at_a_time(org, other_org, make_idea):
    ours = make_idea(title="Kotihoidon iltavuorot", description="Vuorolistat ajoissa.")
    theirs = make_idea(organisation=other_org, title="Kotihoito Porvoossa", description="Vuorolistat.")
    IdeaTerm.objects.all().delete()

    assert reindex("--organisation", other_org.slug).startswith("Ideas indexed: 1 in ")
    assert not IdeaTerm.objects.filter(idea=ours).exists()
    assert IdeaTerm.objects.filter(idea=theirs).exists()


def test_ideas_not_yet_announced_are_left_to_the_announcement(org, make_idea):
    waiting = make_idea(title="Kotihoidon iltavuorot", description="Vuorolistat ajoissa.", announced=False)
    IdeaTerm.objects.all().delete()
    assert reindex().startswith("Ideas indexed: 0 in ")
    assert not IdeaTerm.objects.filter(idea=waiting).exists()


def test_words_no_idea_has_any_more_lose_their_misspelling_keys(client_for, employee, org, other_org, make_idea):
    kept = make_idea(title="Kotihoidon iltavuorot", description="Vuorolistat valmiiksi ajoissa.")
    make_idea(organisation=other_org, title="Porvoon kirjastoauto", description="Kirjastoauto kulkee.")
    gone = make_idea(title="Koulujen ruokahävikki", description="Punnitaan jäänyt ruoka.")
    client = client_for(employee)
    assert search(client, "ruokahäviki") == ["Koulujen ruokahävikki"]  # a misspelling, through the keys
    assert TermKey.objects.filter(term="ruokahavikki").exists()
    gone.delete()

    output = reindex("--organisation", org.slug)

    pruned = int(output.split("Keys of unused words deleted: ")[1].split()[0])
    terms = set(TermKey.objects.values_list("term", flat=True))
    assert pruned > 0 and "ruokahavikki" not in terms
    assert {"iltavuoro", "kirjastoauto"} <= terms  # still used, here and in another organisation
    assert search(client, "iltavuorro") == [kept.title]  # misspellings of the words left still match
    assert reindex().split("Keys of unused words deleted: ")[1].startswith("0 ")


def test_bad_arguments_are_refused():
    with pytest.raises(CommandError, match="No organisation 'ei-ole'"):
        reindex("--organisation", "ei-ole")
    with pytest.raises(CommandError, match="at least 1"):
        reindex("--batch-size", "0")
