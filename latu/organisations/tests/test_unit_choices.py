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


def test_a_process_reads_only_the_version_while_it_keeps_the_list(org, monkeypatch):
    from django.core.cache import cache

    from latu.organisations import units

    UnitFactory(organisation=org, name_fi="Koulu")
    first = unit_choices(org.pk, "fi")
    reads, get = [], cache.get
    monkeypatch.setattr(cache, "get", lambda key, *a, **k: reads.append(key) or get(key, *a, **k))
    assert unit_choices(org.pk, "fi") is first  # the same list, from this process
    assert len(reads) == 1 and reads[0].startswith("latu:units:version:")
    monkeypatch.undo()
    units.forget_local()
    assert unit_choices(org.pk, "fi") == first and unit_choices(org.pk, "fi") is not first


def test_the_unit_select_writes_its_options_once_per_kept_list(org, monkeypatch):
    from django import forms

    from latu.core.forms import FastSelect
    from latu.organisations.forms import offer_units

    units = [UnitFactory(organisation=org, name_fi=name) for name in ("Koulu", 'Tila "A" & <B>', "Kirjasto")]

    class Filter(forms.Form):
        unit = forms.ModelChoiceField(queryset=Unit.objects.none(), required=False, empty_label="Kaikki yksiköt")

    def rendered(value):
        form = Filter(initial={"unit": value})
        offer_units(form.fields["unit"], org)
        return str(form["unit"])

    plain = FastSelect()
    plain.choices = [("", "Kaikki yksiköt"), *unit_choices(org.pk, "fi")]
    written = []
    original = FastSelect._options
    monkeypatch.setattr(FastSelect, "_options", lambda self, c, s: written.append(1) or original(self, c, s))
    for value in (None, units[1].pk, units[0].pk, None):
        html = rendered(value)
        assert html == plain.render("unit", value, attrs={"id": "id_unit"})
        assert html.count(" selected>") == 1  # the chosen unit, or "Kaikki yksiköt"
    assert 'Tila &quot;A&quot; &amp; &lt;B&gt;' in html
    assert len(written) == 1 + 4  # once for the kept list; the plain select writes its own each time
