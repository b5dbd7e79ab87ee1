"""Demo surveys: Hollola runs the new-practices survey (open, with answers from several
units and role groups) and has a work-wellbeing pulse ready as a draft. Safe to run
again: a survey made from a template already in the organisation is kept."""

from latu.accounts.models import User
from latu.organisations.models import Organisation, Unit
from latu.surveys import actions
from latu.surveys.factories import answer_randomly
from latu.surveys.models import RoleGroup, Survey

ANSWERS_PER_UNIT = 7


def load(stdout) -> None:
    org = Organisation.objects.filter(slug="hollola").first()
    admin = User.objects.filter(email="paakayttaja@hollola.example.fi").first()
    if org is None or admin is None or Survey.objects.filter(organisation=org).exists():
        return
    survey = actions.create_from_template("new-practices", actor=admin, organisation=org)
    actions.open_survey(survey, actor=admin)
    units = list(Unit.objects.filter(organisation=org, children__isnull=True).order_by("pk")[:4])
    roles = [RoleGroup.STAFF, RoleGroup.STAFF, RoleGroup.SUPERVISOR]
    for i, unit in enumerate(units):
        answer_randomly(survey, ANSWERS_PER_UNIT, seed=i + 1, unit=unit, role=roles[i % len(roles)],
                        text="Kokeilut ja yhdessä kehittäminen" if i % 2 == 0 else "")
    actions.invite(survey, ["tyontekija@hollola.example.fi", "uudistaja@hollola.example.fi"], actor=admin)
    actions.create_from_template("wellbeing-pulse", actor=admin, organisation=org)
    stdout.write(f"Surveys: {survey.title} with {len(units) * ANSWERS_PER_UNIT} answers, and a draft pulse")
