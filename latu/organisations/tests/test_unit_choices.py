"""The kept unit choices of an organisation follow every change of its units."""

from latu.organisations.factories import UnitFactory
from latu.organisations.models import Unit
from latu.organisations.units import unit_choices


def test_choices_follow_new_renamed_and_removed_units(org, other_org, django_assert_num_queries):
    school = UnitFactory(organisation=org, name_fi="Koulu", name_sv="Skola")
    UnitFactory(organisation=other_org, name_fi="Vieras yksikkö")
    assert unit_choices(org.pk, "fi") == [(school.pk, "Koulu")]
    with django_assert_num_queries(0):
        assert unit_choices(org.pk, "fi") == [(school.pk, "Koulu")]  # kept
    assert unit_choices(org.pk, "sv") == [(school.pk, "Skola")]

    library = UnitFactory(organisation=org, name_fi="Kirjasto")  # no Swedish name: the Finnish one
    assert unit_choices(org.pk, "sv") == [(library.pk, "Kirjasto"), (school.pk, "Skola")]
    school.name_fi = "Yhtenäiskoulu"
    school.save()
    assert unit_choices(org.pk, "fi") == [(library.pk, "Kirjasto"), (school.pk, "Yhtenäiskoulu")]
    library.is_active = False
    library.save()
    assert unit_choices(org.pk, "fi") == [(school.pk, "Yhtenäiskoulu")]
    Unit.objects.filter(pk=school.pk).delete()
    assert unit_choices(org.pk, "fi") == []


def test_choices_follow_a_subtree_closed_at_once_and_can_include_closed_units(org, org_admin):
    from latu.organisations.actions import set_unit_active

    sector = UnitFactory(organisation=org, name_fi="Sivistys")
    school = UnitFactory(organisation=org, parent=sector, name_fi="Koulu")
    assert {pk for pk, _ in unit_choices(org.pk, "fi")} == {sector.pk, school.pk}
    set_unit_active(sector, False, actor=org_admin)  # one UPDATE for the subtree: no signals
    assert unit_choices(org.pk, "fi") == []
    assert unit_choices(org.pk, "fi", active_only=False) == [(school.pk, "Koulu"), (sector.pk, "Sivistys")]
