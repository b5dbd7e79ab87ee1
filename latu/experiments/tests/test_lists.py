"""The experiment list with its filters and a bounded number of queries, the
challenge list, and "my experiments" on the home page."""

from latu.experiments.factories import make_experiment, make_measure
from latu.experiments.models import Experiment
from latu.organisations.factories import UnitFactory


def _titles(response) -> list[str]:
    return [e.title for e in response.context["page"].object_list]


def test_filters_by_status_phase_unit_and_mine(org, unit, employee, innovator, client_for):
    child = UnitFactory(organisation=org, parent=unit, name_fi="Kotihoito Pohjoinen")
    other = UnitFactory(organisation=org, name_fi="Kirjasto")
    a = make_experiment(org, employee, unit=child, title="Iltakäynnit")
    b = make_experiment(org, innovator, unit=other, title="Lainausautomaatti", team=[employee])
    make_experiment(org, innovator, unit=other, title="Lukupiiri")
    Experiment.objects.filter(pk=a.pk).update(phase=3, status="running")
    Experiment.objects.filter(pk=b.pk).update(phase=4, status="adopted")
    client = client_for(employee)
    url = f"/o/{org.slug}/experiments/"
    assert sorted(_titles(client.get(url))) == ["Iltakäynnit", "Lainausautomaatti", "Lukupiiri"]
    assert _titles(client.get(url, {"status": "running"})) == ["Iltakäynnit"]
    assert _titles(client.get(url, {"phase": "4"})) == ["Lainausautomaatti"]
    assert _titles(client.get(url, {"unit": unit.pk})) == ["Iltakäynnit"]  # units below count
    assert sorted(_titles(client.get(url, {"mine": "on"}))) == ["Iltakäynnit", "Lainausautomaatti"]
    assert client.get(url, {"status": "nonsense"}).status_code == 200


def test_the_list_needs_a_bounded_number_of_queries(org, unit, employee, client_for, django_assert_max_num_queries):
    client = client_for(employee)
    url = f"/o/{org.slug}/experiments/"
    for n in range(3):
        make_measure(make_experiment(org, employee, unit=unit, title=f"Kokeilu {n}"))
    client.get(url)
    with django_assert_max_num_queries(11):
        response = client.get(url)
    assert len(response.context["page"].object_list) == 3
    for n in range(25):
        make_measure(make_experiment(org, employee, unit=unit, title=f"Lisää {n}"))
    with django_assert_max_num_queries(11):
        response = client.get(url)
    assert len(response.context["page"].object_list) == 25
    assert response.context["page"].paginator.count == 28
    with django_assert_max_num_queries(11):
        assert client.get(url, {"page": 2}).status_code == 200


def test_the_detail_page_needs_a_bounded_number_of_queries(org, unit, employee, innovator, client_for,
                                                            django_assert_max_num_queries):
    experiment = make_experiment(org, employee, unit=unit, team=[innovator])
    for n in range(4):
        make_measure(experiment, indicator=f"Mittari {n}", results=[("2026-01-01", n), ("2026-02-01", n + 1)])
    client = client_for(employee)
    client.get(f"/experiments/{experiment.pk}/")
    with django_assert_max_num_queries(16):
        assert client.get(f"/experiments/{experiment.pk}/").status_code == 200


def test_my_experiments_on_the_home_page(org, employee, innovator, client_for):
    make_experiment(org, innovator, title="Minun tiimini kokeilu", team=[employee])
    make_experiment(org, employee, title="Oma kokeilu")
    make_experiment(org, innovator, title="Jonkun muun kokeilu")
    html = client_for(employee).get("/").content.decode()
    assert 'id="home-experiments"' in html
    assert "Minun tiimini kokeilu" in html and "Oma kokeilu" in html and "Jonkun muun kokeilu" not in html


def test_the_unit_filter_offers_closed_units_and_the_new_experiment_form_does_not(org, unit, employee,
                                                                                  client_for):
    closed = UnitFactory(organisation=org, name_fi="Lakkautettu neuvola", is_active=False)
    make_experiment(org, employee, unit=closed, title="Vanha kokeilu")
    client = client_for(employee)
    listing = client.get(f"/o/{org.slug}/experiments/").content.decode()
    assert f'<option value="{closed.pk}">Lakkautettu neuvola</option>' in listing
    assert f'<option value="{unit.pk}">Kotihoito</option>' in listing
    assert _titles(client.get(f"/o/{org.slug}/experiments/", {"unit": closed.pk})) == ["Vanha kokeilu"]
    form = client.get(f"/o/{org.slug}/experiments/new/").content.decode()
    assert f'<option value="{unit.pk}">Kotihoito</option>' in form
    assert "Lakkautettu neuvola" not in form
