import io

import pytest

from latu.organisations.factories import member
from latu.organisations.models import Role
from latu.programmes import demo
from latu.programmes.models import Application, Expert, Service

pytestmark = pytest.mark.django_db


def test_demo_loads_once(org, other_org, office):
    member(org, Role.MANAGER, email="johto@hollola.example.fi", name="Johanna Johto")
    member(other_org, Role.EMPLOYEE, email="tyontekija@porvoo.example.fi", name="Stina Anställd")
    demo.load(io.StringIO())
    demo.load(io.StringIO())
    assert set(Service.objects.values_list("kind", flat=True)) == set(Service.Kind.values)
    assert Expert.objects.count() == 4
    assert set(Application.objects.values_list("status", flat=True)) == set(Application.Status.values)
    assert Application.objects.count() == 5
