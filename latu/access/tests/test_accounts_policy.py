"""Only the person themselves exports their data or deletes their account."""

import pytest

from latu import access
from latu.accounts.models import User

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("action", ["export_personal_data", "delete_account"])
def test_only_oneself(action, employee, org_admin, office, outsider, citizen):
    assert access.can(employee, action, employee)
    for other in (org_admin, office, outsider, citizen):
        assert not access.can(other, action, employee)
    assert list(access.scope(office, User, action)) == [office]


def test_a_deactivated_person_may_do_neither(employee):
    employee.is_active = False
    assert not access.can(employee, "delete_account", employee)
    assert not access.scope(employee, User, "export_personal_data").exists()


def test_no_other_action_on_people(employee):
    assert not access.can(employee, "change", employee)
    assert not access.scope(employee, User, "change").exists()
