"""Sending an idea: a minute on a phone, no duplicates, rate limits, who may send."""

import pytest
from django.urls import reverse

from latu.ideas.models import Activity, Idea
from latu.ideas.tests.helpers import submit_form
from latu.organisations.factories import StrategyGoalFactory, UnitFactory


def test_employee_sends_an_idea_with_title_and_description_only(client_for, employee, org, events):
    response, _ = submit_form(client_for(employee), org, title="Yhteinen kalenteri kotihoitoon",
                              description="Hoitajat näkisivät käynnit yhdestä paikasta.")
    idea = Idea.objects.get(title="Yhteinen kalenteri kotihoitoon")
    assert response.status_code == 302
    assert response.url == reverse("ideas:detail", args=[idea.pk])
    assert idea.author == employee
    assert not idea.is_anonymous
    assert idea.status == Idea.Status.NEW
    assert idea.source == Idea.Source.STAFF
    assert idea.organisation == org
    assert idea.terms.filter(term="kalenteri").exists()
    assert Activity.objects.filter(idea=idea, kind=Activity.Kind.SUBMITTED, actor=employee).exists()
    assert [e.kind for e in events] == ["idea.submitted"]


def test_the_optional_details_are_saved(client_for, employee, org):
    unit = UnitFactory(organisation=org, name_fi="Keskuskeittiö")
    goal = StrategyGoalFactory(organisation=org, title_fi="Hiilineutraali arki")
    submit_form(client_for(employee), org, title="Hävikkiruoka myyntiin", description="Myydään ylijäämä.",
                problem="Ruokaa menee hukkaan.", proposal="Sovellus, josta voi ostaa annoksen.",
                beneficiaries="Asukkaat ja ympäristö", unit=unit.pk, strategy_goal=goal.pk)
    idea = Idea.objects.get(title="Hävikkiruoka myyntiin")
    assert (idea.unit, idea.strategy_goal, idea.problem) == (unit, goal, "Ruokaa menee hukkaan.")


def test_the_form_puts_the_optional_fields_behind_more_details(client_for, employee, org):
    page = client_for(employee).get(reverse("ideas:submit", args=[org.slug]))
    html = page.content.decode()
    description = html.index('name="description"')
    assert description < html.index("<details", description) < html.index('name="problem"')
    assert 'hx-trigger="keyup changed delay:500ms"' in html
    assert 'name="check"' in html  # works without JavaScript too


def test_title_and_description_are_required(client_for, employee, org):
    response, _ = submit_form(client_for(employee), org, title="", description="")
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"title", "description"}
    assert not Idea.objects.exists()


def test_unit_of_another_organisation_is_refused(client_for, employee, org, other_org):
    foreign = UnitFactory(organisation=other_org)
    response, _ = submit_form(client_for(employee), org, title="Idea", description="Kuvaus", unit=foreign.pk)
    assert response.status_code == 400
    assert "unit" in response.context["form"].errors
    assert not Idea.objects.exists()


def test_a_double_click_creates_one_idea(client_for, employee, org):
    client = client_for(employee)
    first, data = submit_form(client, org, title="Tuplaklikkaus", description="Sama lomake kahdesti.")
    second = client.post(reverse("ideas:submit", args=[org.slug]), data)
    assert Idea.objects.filter(title="Tuplaklikkaus").count() == 1
    assert second.status_code == 302 and second.url == first.url


def test_a_new_form_gets_a_new_token(client_for, employee, org):
    client = client_for(employee)
    submit_form(client, org, title="Ensimmäinen", description="Yksi.")
    submit_form(client, org, title="Toinen", description="Kaksi.")
    assert Idea.objects.count() == 2


def test_checking_for_similar_ideas_without_javascript_creates_nothing(client_for, employee, org, make_idea):
    make_idea(title="Kotihoidon asiakkaiden palautekysely", description="Kysely asiakkaille.")
    client = client_for(employee)
    page = client.get(reverse("ideas:submit", args=[org.slug]))
    token = page.context["form"].initial["token"]
    response = client.post(reverse("ideas:submit", args=[org.slug]),
                           {"title": "Palaute kotihoidosta", "description": "kotihoito palaute", "token": token,
                            "check": "1"})
    assert response.status_code == 200
    assert [i.title for i in response.context["similar"]] == ["Kotihoidon asiakkaiden palautekysely"]
    assert response.context["form"]["title"].value() == "Palaute kotihoidosta"
    assert response.context["form"]["token"].value() == token  # the same submission continues
    assert Idea.objects.count() == 1


def test_submissions_are_rate_limited_per_person(client_for, employee, org, settings):
    settings.LATU_RATE_IDEAS = (2, 3600)
    client = client_for(employee)
    for n in range(2):
        response, _ = submit_form(client, org, title=f"Idea {n}", description="Kuvaus")
        assert response.status_code == 302
    response, _ = submit_form(client, org, title="Liikaa", description="Kuvaus")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert not Idea.objects.filter(title="Liikaa").exists()


def test_anonymous_submissions_are_rate_limited_per_session(client_for, employee, org, settings):
    settings.LATU_RATE_ANONYMOUS_IDEAS = (1, 3600)
    client = client_for(employee)
    assert submit_form(client, org, title="A1", description="x", anonymous="on")[0].status_code == 200
    assert submit_form(client, org, title="A2", description="x", anonymous="on")[0].status_code == 429
    assert Idea.objects.filter(is_anonymous=True).count() == 1


@pytest.mark.parametrize("person", ["outsider", "office", "citizen"])
def test_people_outside_the_organisation_cannot_send(client_for, org, person, request):
    user = request.getfixturevalue(person)
    client = client_for(user)
    assert client.get(reverse("ideas:submit", args=[org.slug])).status_code == 404
    response = client.post(reverse("ideas:submit", args=[org.slug]), {"title": "x", "description": "y",
                                                                      "token": "abc"})
    assert response.status_code == 404
    assert not Idea.objects.exists()


def test_citizens_send_to_an_organisation_with_an_open_channel(client_for, citizen, org):
    org.public_channel = True
    org.save()
    response, _ = submit_form(client_for(citizen), org, title="Penkkejä puistoon", description="Lisää penkkejä.")
    idea = Idea.objects.get(title="Penkkejä puistoon")
    assert response.status_code == 302
    assert idea.source == Idea.Source.CITIZEN
    assert idea.author == citizen


def test_sign_in_is_needed(client, org):
    response = client.get(reverse("ideas:submit", args=[org.slug]))
    assert response.status_code == 302
    assert "/accounts/login/" in response.url
