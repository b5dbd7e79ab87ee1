"""Test and demo helpers: a survey from a template, opened, with answers."""

from __future__ import annotations

import random

from latu.surveys import actions
from latu.surveys.models import Answer, Question, Response, Survey


def opened(key: str, *, actor, organisation) -> Survey:
    survey = actions.create_from_template(key, actor=actor, organisation=organisation)
    return actions.open_survey(survey, actor=actor)


def answer_randomly(survey: Survey, count: int, *, seed: int = 1, unit=None, role: str = "",
                    text: str = "") -> list[Response]:
    """``count`` submitted responses with a choice for every question (texts: ``text``)."""
    rng = random.Random(seed)  # noqa: S311 (made-up answers, not secrets)
    questions = list(Question.objects.filter(section__survey=survey).prefetch_related("options", "rows"))
    made = []
    for _ in range(count):
        started = actions.start_response(survey)
        response = started.response
        if unit is not None or role:
            actions.save_background(response, unit=unit, role=role)
        answers: list[Answer] = []
        for q in questions:
            options = list(q.options.all())
            if q.kind == Question.Kind.MATRIX:
                answers += [Answer(response=response, question=q, row=row, option=rng.choice(options))
                            for row in q.rows.all()]
            elif q.kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE):
                answers.append(Answer(response=response, question=q, option=rng.choice(options)))
            elif q.kind == Question.Kind.LIKERT:
                answers.append(Answer(response=response, question=q, number=rng.randint(1, 5)))
            elif q.kind == Question.Kind.SCALE:
                answers.append(Answer(response=response, question=q, number=rng.randint(0, 10)))
            elif text:
                answers.append(Answer(response=response, question=q, text=text))
        Answer.objects.bulk_create(answers)
        actions.submit(response)
        made.append(response)
    return made
