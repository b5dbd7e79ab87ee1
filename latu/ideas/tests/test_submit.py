"""Sending an idea: a minute on a phone, no duplicates, rate limits, who may send."""

import pytest
from django.contrib.contenttypes.models import ContentType
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


# --- new ideas are announced in the background, in batches ------------------------------


@pytest.fixture
def deferred_tasks(settings):
    """A task backend that queues work without running it, like the database backend of
    production between a request and the worker."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    from latu.ideas.tasks import announce_ideas

    announce_ideas.get_backend().clear()
    return announce_ideas.get_backend()


def test_a_burst_of_ideas_queues_one_announcement_and_the_idea_shows_at_once(client_for, employee, org,
                                                                             deferred_tasks, events):
    from latu.ideas import actions
    from latu.ideas.tasks import announce_ideas

    for n in range(3):
        actions.submit_idea(employee, org, title=f"Ruokalistat näkyviin {n}", description="Kuvaus")
    ideas = list(Idea.objects.filter(organisation=org).order_by("pk"))
    assert [idea.announced for idea in ideas] == [False] * 3
    queued = [r for r in deferred_tasks.results if r.task.name == announce_ideas.name]
    assert len(queued) == 1 and list(queued[0].args) == [org.pk]
    assert events == []
    assert not Activity.objects.filter(idea__in=ideas).exists()

    page = client_for(employee).get(reverse("ideas:detail", args=[ideas[0].pk]))
    assert page.status_code == 200
    assert ideas[0].title in page.text
    assert f"{employee.name} lähetti idean." in page.text  # the timeline already shows the submission


def test_a_process_that_queued_the_announcement_skips_the_cache_for_half_the_delay(employee, org, deferred_tasks,
                                                                                monkeypatch):
    from django.core.cache import cache

    from latu.ideas import actions
    from latu.ideas.tasks import announce_ideas

    clock = [1000.0]
    monkeypatch.setattr(actions.time, "monotonic", lambda: clock[0])
    asked = []
    add = cache.add
    monkeypatch.setattr(cache, "add", lambda key, *args, **kwargs: (
        asked.append(key) if key.startswith("latu:ideas:announce:") else None) or add(key, *args, **kwargs))

    for n in range(3):
        actions.submit_idea(employee, org, title=f"Ruokalistat näkyviin {n}", description="Kuvaus")
    assert len(asked) == 1  # the first idea queued the task; the next two knew it is ahead
    clock[0] += actions.ANNOUNCE_DELAY / 2 + 0.01
    actions.submit_idea(employee, org, title="Ruokalistat näkyviin 3", description="Kuvaus")
    assert len(asked) == 2  # later, the cache decides again
    queued = [r for r in deferred_tasks.results if r.task.name == announce_ideas.name]
    assert 1 <= len(queued) <= 2 and {tuple(r.args) for r in queued} == {(org.pk,)}


def test_the_announcement_indexes_starts_timelines_and_notifies_each_unit_handlers(
    org, employee, deferred_tasks, events, django_assert_max_num_queries
):
    from latu.ideas import actions
    from latu.ideas.search import rank_ideas
    from latu.notifications.models import Notification
    from latu.organisations.factories import member
    from latu.organisations.models import Role

    sector = UnitFactory(organisation=org, name_fi="Sivistys")
    school = UnitFactory(organisation=org, parent=sector, name_fi="Koulu")
    library = UnitFactory(organisation=org, name_fi="Kirjasto")
    school_innovator = member(org, Role.INNOVATOR, unit=sector, email="sivistys@hollola.example.fi")
    org_admin = member(org, Role.ADMIN, email="paakayttaja@hollola.example.fi")
    ideas = [
        actions.submit_idea(employee, org, title="Koulun välituntiliikunta", description="Pihapelit",
                            unit=school).idea,
        actions.submit_idea(employee, org, title="Kirjaston kotipalvelu", description="Kirjat kotiin",
                            unit=library, anonymous=True).idea,
    ]
    ContentType.objects.get_for_model(Idea)  # read once per process, cached after (as by earlier tests)
    with django_assert_max_num_queries(18):
        assert actions.announce_new_ideas(org.pk) == 2
    assert actions.announce_new_ideas(org.pk) == 0
    assert not Idea.objects.filter(organisation=org, announced=False).exists()
    # Searchable, with a timeline
    found = [pk for pk, _ in rank_ideas("koulujen välitunnit", Idea.objects.filter(organisation=org))]
    assert found[:1] == [ideas[0].pk]
    assert Activity.objects.get(idea=ideas[0], kind=Activity.Kind.SUBMITTED).actor == employee
    anonymous_line = Activity.objects.get(idea=ideas[1], kind=Activity.Kind.SUBMITTED)
    assert anonymous_line.actor is None and anonymous_line.created_at == ideas[1].created_at
    # The school's idea goes to the sector's innovator; the library has none, so its admins hear
    assert {(e.target.pk, e.actor) for e in events} == {(ideas[0].pk, employee), (ideas[1].pk, None)}
    told = {(n.recipient_id, n.target_id) for n in Notification.objects.filter(kind="idea.submitted")}
    assert told == {(school_innovator.pk, ideas[0].pk), (org_admin.pk, ideas[1].pk)}


def test_announcing_costs_the_same_queries_for_many_ideas(org, employee, deferred_tasks, settings):
    """A batch is a fixed number of queries, however many ideas and handlers it has."""
    settings.LATU_RATE_IDEAS = (100, 3600)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from latu.ideas import actions
    from latu.organisations.factories import member
    from latu.organisations.models import Role

    units = [UnitFactory(organisation=org, name_fi=f"Yksikkö {n}") for n in range(4)]
    for n, unit in enumerate(units):
        member(org, Role.INNOVATOR, unit=unit, email=f"innovaattori{n}@hollola.example.fi")

    def announce(count: int) -> int:
        for n in range(count):
            actions.submit_idea(employee, org, title="Yhteinen kalenteri", description="Kotihoidon käynnit",
                                unit=units[n % len(units)])
        with CaptureQueriesContext(connection) as queries:
            assert actions.announce_new_ideas(org.pk) == count
        return len(queries)

    announce(1)  # the words are new to the organisation's vocabulary only once
    assert announce(20) == announce(2)


def test_the_form_presets_the_authors_only_unit_and_asks_when_there_are_several(client_for, org):
    from latu.organisations.factories import MembershipFactory, member
    from latu.organisations.models import Role

    home_care = UnitFactory(organisation=org, name_fi="Kotihoito")
    school = UnitFactory(organisation=org, name_fi="Koulu")
    nurse = member(org, Role.EMPLOYEE, unit=home_care, email="hoitaja@hollola.example.fi")
    form = client_for(nurse).get(reverse("ideas:submit", args=[org.slug])).context["form"]
    assert form["unit"].value() == home_care.pk
    MembershipFactory(user=nurse, organisation=org, role=Role.EMPLOYEE, unit=school)
    form = client_for(nurse).get(reverse("ideas:submit", args=[org.slug])).context["form"]
    assert form["unit"].value() is None


def test_an_idea_in_a_unit_without_handlers_reaches_the_organisation_wide_innovator(
    client_for, org, deferred_tasks
):
    from latu.ideas import actions
    from latu.notifications.models import Notification
    from latu.organisations.factories import member
    from latu.organisations.models import Role

    library = UnitFactory(organisation=org, name_fi="Kirjasto")
    school = UnitFactory(organisation=org, name_fi="Koulu")
    member(org, Role.INNOVATOR, unit=school, email="koulu@hollola.example.fi")
    everywhere = member(org, Role.INNOVATOR, email="uudistaja@hollola.example.fi")
    member(org, Role.ADMIN, email="paakayttaja@hollola.example.fi")
    librarian = member(org, Role.EMPLOYEE, unit=library, email="kirjasto@hollola.example.fi")
    client = client_for(librarian)
    preset = client.get(reverse("ideas:submit", args=[org.slug])).context["form"]["unit"].value()
    response, _ = submit_form(client, org, title="Kirjaston kotipalvelu", unit=preset,
                              description="Kirjat kotiin niille, jotka eivät pääse kirjastoon.")
    assert response.status_code == 302
    idea = Idea.objects.get(title="Kirjaston kotipalvelu")
    assert idea.unit == library  # preset from the author's only unit
    actions.announce_new_ideas(org.pk)
    told = set(Notification.objects.filter(kind="idea.submitted", target_id=idea.pk)
               .values_list("recipient_id", flat=True))
    assert told == {everywhere.pk}


SEND_BUTTON = '<button class="button button--block" type="submit">'


def test_the_send_button_comes_before_the_similar_ideas(client_for, employee, org, make_idea):
    make_idea(title="Kotihoidon asiakkaiden palautekysely", description="Kysely asiakkaille.")
    client = client_for(employee)
    page = client.get(reverse("ideas:submit", args=[org.slug]))
    html = page.content.decode()
    assert html.index(SEND_BUTTON) < html.index('id="similar-ideas"')
    # Checked without JavaScript: the suggestions are listed, still after the send button.
    response = client.post(reverse("ideas:submit", args=[org.slug]),
                           {"title": "Palaute kotihoidosta", "description": "kotihoito palaute", "check": "1",
                            "token": page.context["form"].initial["token"]})
    html = response.content.decode()
    assert "Kotihoidon asiakkaiden palautekysely" in html
    assert html.index(SEND_BUTTON) < html.index('id="similar-ideas"') < html.index("Kotihoidon asiakkaiden")
    # Inside the form: "Support this instead" is one of its buttons.
    assert html.index('id="similar-ideas"') < html.index("</form>", html.index('id="idea-form"'))
