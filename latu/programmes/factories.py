from decimal import Decimal

import factory

from latu.programmes.models import Application, Expert, Programme, Provider, Service


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"ohjelma-{n}")
    name_fi = factory.Sequence(lambda n: f"Kehittämisohjelma {n}")
    name_sv = factory.Sequence(lambda n: f"Utvecklingsprogram {n}")
    year = 2026
    budget_days = 400
    budget_euros = Decimal("500000")


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service
        django_get_or_create = ("slug",)

    programme = factory.SubFactory(ProgrammeFactory)
    kind = Service.Kind.SPARRING
    slug = factory.Sequence(lambda n: f"palvelu-{n}")
    name_fi = "Sparraus"
    name_sv = "Sparrning"
    name_en = "Sparring"
    description_fi = "Kokenut kehittäjä sparraa työyhteisöä 1–2 päivää."
    description_sv = "En erfaren utvecklare sparrar arbetsgemenskapen 1–2 dagar."
    eligibility_fi = "Kehittämisen on parannettava sekä tuloksellisuutta että työelämän laatua."
    eligibility_sv = "Utvecklingen ska förbättra både resultat och arbetslivets kvalitet."
    min_days = Decimal("1")
    max_days = Decimal("2")
    capacity = 120


class ProviderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Provider

    name = factory.Sequence(lambda n: f"Konsultti Oy {n}")
    agreement = factory.Sequence(lambda n: f"PA-2026-{n}")


class ExpertFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Expert
        django_get_or_create = ("slug",)

    provider = factory.SubFactory(ProviderFactory)
    slug = factory.Sequence(lambda n: f"asiantuntija-{n}")
    name = factory.Sequence(lambda n: f"Asiantuntija {n}")
    title = "Työelämän kehittäjä"
    themes = ",results,wellbeing,"
    sectors = ",social_health,"
    methods = ",coaching,"
    regions = ",paijat_hame,"
    languages = ",fi,"


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    service = factory.SubFactory(ServiceFactory)
    theme = "results"
    justification_results = "Asiakkaiden odotusajat lyhenevät."
    justification_wellbeing = "Kiire vähenee ja työ on mielekkäämpää."
    goals = "Uusi toimintamalli kotihoidon aamuihin."
    requested_days = Decimal("2")
