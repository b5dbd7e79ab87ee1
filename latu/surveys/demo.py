"""Demo surveys for Hollola and Porvoo: a year of quarterly work-wellbeing pulses (three
closed rounds and the current one open), the new-practices survey open with answers from
several units and role groups, and a draft. Answers of earlier rounds are dated in their
quarter. Safe to run again: an organisation that has surveys is left as it is."""

from datetime import timedelta

from django.utils import timezone

from latu.accounts.models import User
from latu.organisations.models import Organisation, Unit
from latu.surveys import actions, cells
from latu.surveys.factories import answer_randomly
from latu.surveys.models import Response, RoleGroup, Survey

ANSWERS_PER_UNIT = 7
ROUNDS = 4
ROLES = [RoleGroup.STAFF, RoleGroup.STAFF, RoleGroup.SUPERVISOR]


def _answer(survey: Survey, units: list[Unit], seed: int, text: str = "") -> int:
    made = 0
    for i, unit in enumerate(units):
        made += len(answer_randomly(survey, ANSWERS_PER_UNIT, seed=seed + i, unit=unit, role=ROLES[i % len(ROLES)],
                                    text=text if i % 2 == 0 else ""))
    return made


def _organisation(org: Organisation, admin: User, seed: int) -> str:
    units = list(Unit.objects.filter(organisation=org, children__isnull=True).order_by("pk")[:4])
    today = timezone.localdate()
    # A year of pulses: round 1 three quarters ago … round 4 (open) now.
    pulse = actions.open_survey(actions.create_from_template("wellbeing-pulse", actor=admin, organisation=org),
                                actor=admin)
    for round_number in range(1, ROUNDS + 1):
        _answer(pulse, units, seed=seed + 10 * round_number, text="Enemmän aikaa kehittämiselle")
        if round_number < ROUNDS:
            day = today - timedelta(days=91 * (ROUNDS - round_number))
            Response.objects.filter(survey=pulse).update(submitted_on=day)
            cells.rebuild(pulse)  # the counts follow the answers into their quarter
            pulse.opens_on = day - timedelta(days=14)
            pulse.save(update_fields=["opens_on"])
            actions.close_survey(pulse, actor=admin)
            Survey.objects.filter(pk=pulse.pk).update(closes_on=day + timedelta(days=7))
            pulse = actions.new_version(pulse, actor=admin)
            pulse.opens_on = None
            pulse.save(update_fields=["opens_on"])
            pulse = actions.open_survey(pulse, actor=admin)
    practices = actions.open_survey(actions.create_from_template("new-practices", actor=admin, organisation=org),
                                    actor=admin)
    count = _answer(practices, units, seed=seed, text="Kokeilut ja yhdessä kehittäminen")
    actions.invite(practices, [f"tyontekija@{org.slug}.example.fi", f"uudistaja@{org.slug}.example.fi"], actor=admin)
    actions.create_from_template("permission-to-develop", actor=admin, organisation=org)
    return f"{org.slug}: {ROUNDS} pulse rounds and {practices.title} with {count} answers"


def load(stdout) -> None:
    for seed, slug in ((1, "hollola"), (100, "porvoo")):
        org = Organisation.objects.filter(slug=slug).first()
        admin = User.objects.filter(email=f"paakayttaja@{slug}.example.fi").first()
        if org is None or admin is None or Survey.objects.filter(organisation=org).exists():
            continue
        stdout.write("Surveys: " + _organisation(org, admin, seed))
