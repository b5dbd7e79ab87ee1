"""The programme office finds its tools from the home page and the navigation."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from latu.campaigns.factories import AwardEventFactory, CampaignFactory, TopListFactory
from latu.campaigns.queries import OfficeHome, office_home
from latu.tori.factories import DeedFactory
from latu.tori.models import Deed


def test_the_office_home_counts_what_waits_in_a_query_each(office, django_assert_num_queries):
    DeedFactory.create_batch(2, status=Deed.Status.REVIEW)
    DeedFactory()  # published: not waiting
    CampaignFactory()
    CampaignFactory(starts=timezone.localdate() - timedelta(days=60), ends=timezone.localdate() - timedelta(days=30))
    AwardEventFactory()
    TopListFactory.create_batch(3)
    with django_assert_num_queries(5):
        figures = office_home(office)
    assert figures == OfficeHome(deeds_in_review=2, reported_comments=0, active_campaigns=1, open_award_events=1,
                                 lists=3)


def test_the_office_home_page_links_its_tools_and_offers_no_idea_form(client_for, office):
    DeedFactory(status=Deed.Status.REVIEW)
    response = client_for(office).get(reverse("core:home"))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="home-office-title"' in html
    for name in ("tori:review", "campaigns:campaigns", "campaigns:awards", "campaigns:lists", "tori:statistics"):
        assert f'href="{reverse(name)}"' in html, name
    assert 'id="home-ideas-title"' not in html  # no dead-end "Send an idea"
    nav = {item.url for item in response.context["nav_items"]}
    assert {reverse("tori:review"), reverse("campaigns:campaigns"), reverse("campaigns:awards"),
            reverse("campaigns:lists"), reverse("tori:statistics")} <= nav


def test_other_people_get_no_office_panel_nor_office_navigation(client_for, employee):
    html = client_for(employee).get(reverse("core:home")).content.decode()
    assert 'id="home-office-title"' not in html
    assert f'href="{reverse("tori:review")}"' not in html
    assert 'id="home-ideas-title"' in html
