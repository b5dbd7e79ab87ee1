"""The home page panel: my ideas and their status, a big "send an idea" button and, for
handlers, the ideas waiting for them."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from latu.ideas.factories import ForumFactory, ForumMeetingFactory
from latu.ideas.models import AgendaItem, Idea


def test_my_ideas_and_the_send_button(client_for, employee, org, make_idea):
    make_idea(title="Minun ideani", author=employee, status=Idea.Status.DECIDED)
    make_idea(title="Kollegan idea")
    html = client_for(employee).get("/").content.decode()
    assert "Minun ideani" in html and "Kollegan idea" not in html
    assert f'href="{reverse("ideas:submit", args=[org.slug])}"' in html
    assert 'id="home-ideas-title"' in html


def test_handlers_see_the_ideas_waiting_for_them(client_for, innovator, manager, org, make_idea,
                                                  django_assert_max_num_queries):
    old = make_idea(title="Odottaa vastausta", created_at=timezone.now() - timedelta(days=20))
    make_idea(title="Päätetty jo", status=Idea.Status.DECLINED)
    forum = ForumFactory(organisation=org)
    meeting = ForumMeetingFactory(forum=forum)
    AgendaItem.objects.create(meeting=meeting, idea=old)
    client = client_for(innovator)
    client.get("/")
    with django_assert_max_num_queries(25):
        response = client.get("/")
    html = response.content.decode()
    assert "Odottaa vastausta" in html and "Päätetty jo" not in html
    assert reverse("ideas:board", args=[org.slug]) in html
    assert reverse("ideas:meeting", args=[meeting.pk]) not in html  # an innovator does not decide there
    assert reverse("ideas:meeting", args=[meeting.pk]) in client_for(manager).get("/").content.decode()


def test_employees_have_no_waiting_list(client_for, employee, make_idea):
    make_idea(title="Jonkun idea")
    assert "Jonkun idea" not in client_for(employee).get("/").content.decode()


def test_citizens_are_offered_the_open_channels(client_for, citizen, org):
    org.public_channel = True
    org.save()
    client = client_for(citizen)
    html = client.get("/").content.decode()
    assert reverse("ideas:channels") in html
    channels = client.get(reverse("ideas:channels"))
    assert [o.slug for o in channels.context["organisations"]] == [org.slug]


def test_the_waiting_count_is_kept_until_something_happens(client_for, innovator, employee, org, make_idea,
                                                           django_assert_num_queries):
    from latu.ideas import actions

    make_idea(title="Ensimmäinen")
    client = client_for(innovator)
    assert "Waiting for you: 1 idea" in client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    Idea.objects.create(organisation=org, title="Hiljaa lisätty", description="Ei tapahtumaa.")  # no event
    assert "Waiting for you: 1 idea" in client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()  # kept
    actions.submit_idea(employee, org, title="Uusi idea", description="Kuvaus.")  # announced: the board moves
    assert "Waiting for you: 3 ideas" in client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
