"""Surveys through HTTP as people use them: templates, answering by link and invitation,
anonymity, thresholds and results."""

import re
from datetime import timedelta
from functools import partial

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from latu.audit.models import AuditEvent
from latu.core import exportjobs
from latu.core.models import ExportJob
from latu.organisations.factories import UnitFactory
from latu.organisations.models import Membership
from latu.surveys import actions, cells, queries
from latu.surveys.factories import answer_randomly, opened
from latu.surveys.models import Answer, Invitation, MatrixRow, Option, Question, Response, Survey


@pytest.fixture
def practices(org, org_admin):
    return opened("new-practices", actor=org_admin, organisation=org)


def _page_url(survey: Survey, key: str, index: int) -> str:
    return reverse("surveys:page", args=[survey.link_token, key, index])


def _matrices(survey: Survey) -> list[Question]:
    return list(Question.objects.filter(section__survey=survey, kind="matrix").order_by("section__order"))


def _matrix_data(question: Question, option_value: str) -> dict:
    option = question.options.get(value=option_value)
    return {f"q{question.pk}_r{row.pk}": option.pk for row in question.rows.all()}


# --- templates and management ----------------------------------------------------------------


def test_new_practices_template_has_the_seeds_tables(org, org_admin, client_for):
    response = client_for(org_admin).post(reverse("surveys:create"), {"template": "new-practices"})
    survey = Survey.objects.get()
    assert response.url == reverse("surveys:detail", args=[survey.pk])
    assert survey.organisation == org and survey.status == Survey.Status.DRAFT
    matrices = list(Question.objects.filter(section__survey=survey, kind=Question.Kind.MATRIX)
                    .order_by("section__order"))
    assert len(matrices) == 3
    assert [o.label_fi for o in matrices[0].options.all()] == [
        "Käytössä", "Kokeilussa", "Suunnitteilla", "Ei käytössä, ei suunnitteilla"]
    assert [o.value for o in matrices[1].options.all()] == [
        "very-large", "large", "moderate", "small", "none", "cant-say"]
    assert all(m.rows.count() == 14 for m in matrices)
    assert not MatrixRow.objects.filter(question__section__survey=survey, label_sv="").exists()
    assert not MatrixRow.objects.filter(question__section__survey=survey, label_en="").exists()


@pytest.mark.parametrize("key", ["wellbeing-pulse", "permission-to-develop", "sparring-feedback", "impact"])
def test_every_template_is_complete_in_three_languages(key, org, org_admin):
    survey = actions.create_from_template(key, actor=org_admin, organisation=org)
    questions = Question.objects.filter(section__survey=survey)
    assert questions.exists()
    assert survey.title_fi and survey.title_sv and survey.title_en
    assert not questions.filter(text_sv="").exists() and not questions.filter(text_en="").exists()
    assert not Option.objects.filter(question__section__survey=survey, label_sv="").exists()


def test_unknown_template_is_refused(org, org_admin, client_for):
    response = client_for(org_admin).post(reverse("surveys:create"), {"template": "nope"}, follow=True)
    assert "Tällaista kyselypohjaa ei ole." in response.content.decode()
    assert Survey.objects.count() == 0


@pytest.mark.parametrize("person, status", [
    ("employee", 403), ("innovator", 403), ("supervisor", 403), ("outsider", 403), ("citizen", 403),
])
def test_only_admins_make_surveys(request, person, status, org, client_for):
    response = client_for(request.getfixturevalue(person)).post(reverse("surveys:create"), {"template": "impact"})
    assert response.status_code == status
    assert Survey.objects.count() == 0


@pytest.mark.parametrize("person, detail, results, manage", [
    ("org_admin", 200, 200, 302),
    ("manager", 200, 200, 403),
    ("supervisor", 200, 200, 403),
    ("employee", 404, 404, 404),
    ("innovator", 404, 404, 404),
    ("outsider", 404, 404, 404),
    ("other_admin", 404, 404, 404),
    ("office", 200, 200, 403),
])
def test_who_sees_and_manages_an_organisations_survey(request, practices, person, detail, results, manage, client_for):
    client = client_for(request.getfixturevalue(person))
    assert client.get(reverse("surveys:detail", args=[practices.pk])).status_code == detail
    assert client.get(reverse("surveys:results", args=[practices.pk])).status_code == results
    assert client.post(reverse("surveys:status", args=[practices.pk]), {"change": "close"}).status_code == manage


def test_survey_list_shows_only_own_organisations_surveys(practices, other_org, other_admin, org_admin, client_for):
    theirs = opened("impact", actor=other_admin, organisation=other_org)
    page = client_for(org_admin).get(reverse("surveys:list")).content.decode()
    assert reverse("surveys:detail", args=[practices.pk]) in page
    assert reverse("surveys:detail", args=[theirs.pk]) not in page


def test_questions_are_locked_once_answered_and_a_new_version_copies_them(practices, org_admin, client_for):
    actions.ensure_editable(practices)
    answer_randomly(practices, 1)
    with pytest.raises(ValidationError):
        actions.ensure_editable(practices)
    response = client_for(org_admin).post(reverse("surveys:status", args=[practices.pk]), {"change": "new-version"})
    copy = Survey.objects.exclude(pk=practices.pk).get()
    assert response.url == reverse("surveys:detail", args=[copy.pk])
    assert copy.version == 2 and copy.previous == practices and copy.status == Survey.Status.DRAFT
    assert MatrixRow.objects.filter(question__section__survey=copy).count() == 42
    assert copy.responses.count() == 0


# --- answering ---------------------------------------------------------------------------------


def test_anonymous_answering_through_the_link_stores_no_trace_of_the_person(practices, unit, caplog):
    client = Client()
    start = client.get(reverse("surveys:answer", args=[practices.link_token]))
    assert start.status_code == 200
    response = client.post(reverse("surveys:answer", args=[practices.link_token]))
    key = response.url.rstrip("/").split("/")[-2]
    assert response.url == _page_url(practices, key, 0)
    page = partial(_page_url, practices, key)
    assert client.post(page(0), {"unit": unit.pk, "role": "staff"}).url == page(1)
    status, citizens, staff = _matrices(practices)
    text = Question.objects.get(section__survey=practices, kind="text")
    assert client.post(page(1), _matrix_data(status, "in-trial")).url == page(2)
    assert client.post(page(2), _matrix_data(citizens, "large")).url == page(3)
    done = client.post(_page_url(practices, key, 3), {**_matrix_data(staff, "very-large"), f"q{text.pk}": "Kokeilut"})
    assert done.url == reverse("surveys:thanks", args=[practices.link_token])
    stored = Response.objects.get()
    assert stored.is_submitted and stored.resume_key == "" and stored.unit == unit and stored.role == "staff"
    assert {f.name for f in Response._meta.get_fields()} == {
        "id", "survey", "organisation", "unit", "role", "submitted_on", "resume_key", "page", "answers"}
    assert stored.answers.filter(option__value="in-trial").count() == 14
    assert key not in caplog.text
    practices.refresh_from_db()
    assert practices.response_count == 1
    # The same link cannot send the answers again.
    again = client.post(_page_url(practices, key, 3), {**_matrix_data(staff, "small")})
    assert again.status_code == 409
    assert Answer.objects.filter(option__value="small").count() == 0


def test_a_half_filled_survey_resumes_with_its_answers(practices):
    client = Client()
    key = client.post(reverse("surveys:answer", args=[practices.link_token])).url.rstrip("/").split("/")[-2]
    client.post(_page_url(practices, key, 0), {})
    status = Question.objects.filter(section__survey=practices, kind="matrix").order_by("section__order").first()
    client.post(_page_url(practices, key, 1), _matrix_data(status, "planned"))
    later = Client().get(_page_url(practices, key, 1)).content.decode()
    planned = status.options.get(value="planned").pk
    first_row = status.rows.first().pk
    assert re.search(rf'name="q{status.pk}_r{first_row}" value="{planned}"[^>]*checked', later)


def test_bad_answers_get_a_clear_error_and_nothing_is_saved(practices):
    client = Client()
    key = client.post(reverse("surveys:answer", args=[practices.link_token])).url.rstrip("/").split("/")[-2]
    client.post(_page_url(practices, key, 0), {})
    status = Question.objects.filter(section__survey=practices, kind="matrix").order_by("section__order").first()
    data = _matrix_data(status, "planned")
    first = next(iter(data))
    data[first] = 999999  # no such option
    page = client.post(_page_url(practices, key, 1), data)
    assert page.status_code == 200
    assert "error-summary" in page.content.decode()
    del data[first]
    missing = client.post(_page_url(practices, key, 1), data)  # a required row left out
    assert "error-summary" in missing.content.decode()
    assert Answer.objects.count() == 0


def test_invitation_is_single_use_and_not_linked_to_the_answer(org, org_admin, client_for,
                                                              django_capture_on_commit_callbacks):
    survey = actions.create_from_template("wellbeing-pulse", actor=org_admin, organisation=org)
    emails = "a@hollola.example.fi\nb@hollola.example.fi"
    client_for(org_admin).post(reverse("surveys:invite", args=[survey.pk]), {"emails": emails})
    assert Invitation.objects.count() == 2 and len(mail.outbox) == 0  # not sent before the survey opens
    with django_capture_on_commit_callbacks(execute=True):
        actions.open_survey(survey, actor=org_admin)
    assert sorted(m.to[0] for m in mail.outbox) == ["a@hollola.example.fi", "b@hollola.example.fi"]
    invitation = Invitation.objects.get(email="a@hollola.example.fi")
    assert invitation.token in mail.outbox[0].body + mail.outbox[1].body
    client = Client()
    page = client.get(reverse("surveys:invitation", args=[invitation.token]))
    key = page.url.rstrip("/").split("/")[-2]
    assert key == "i-" + invitation.token
    client.post(page.url, {"role": "staff"})
    questions = list(Question.objects.filter(section__survey=survey))
    data = {f"q{q.pk}": 4 for q in questions if q.kind in ("likert", "scale")}
    done = client.post(_page_url(survey, key, 1), data)
    assert done.url == reverse("surveys:thanks", args=[survey.link_token])
    invitation.refresh_from_db()
    assert invitation.answered
    assert Response.objects.get().resume_key == ""
    # Opening the same invitation again is refused.
    again = Client().get(reverse("surveys:invitation", args=[invitation.token]))
    assert again.status_code == 409
    assert "Tällä kutsulla on jo vastattu." in again.content.decode()
    assert Response.objects.count() == 1


def test_reminders_go_only_to_those_who_have_not_answered(org, org_admin, client_for,
                                                         django_capture_on_commit_callbacks):
    survey = opened("wellbeing-pulse", actor=org_admin, organisation=org)
    actions.invite(survey, ["a@hollola.example.fi", "b@hollola.example.fi"], actor=org_admin)
    Invitation.objects.filter(email="a@hollola.example.fi").update(answered=True)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client_for(org_admin).post(reverse("surveys:status", args=[survey.pk]), {"change": "remind"})
    assert [m.to for m in mail.outbox] == [["b@hollola.example.fi"]]
    assert mail.outbox[0].subject.startswith("Muistutus: ")


def test_a_closed_survey_takes_no_answers(practices, org_admin):
    actions.close_survey(practices, actor=org_admin)
    response = Client().post(reverse("surveys:answer", args=[practices.link_token]))
    assert response.status_code == 409
    assert Response.objects.count() == 0


def test_skip_logic_hides_a_question_until_its_option_is_chosen(org, org_admin):
    survey = actions.create_from_template("permission-to-develop", actor=org_admin, organisation=org)
    section = survey.sections.get()
    yes = Option.objects.get(question__section=section, value="yes")
    later = survey.sections.create(order=1, title_fi="Lisää", title_sv="Mer", title_en="More")
    follow_up = Question.objects.create(section=later, kind="text", text_fi="Mikä ehdotus?", show_if=yes)
    actions.open_survey(survey, actor=org_admin)
    started = actions.start_response(survey)
    assert follow_up not in queries.visible_questions(later, queries.chosen_options(started.response))
    Answer.objects.create(response=started.response, question=yes.question, option=yes)
    assert follow_up in queries.visible_questions(later, queries.chosen_options(started.response))


# --- results and anonymity -------------------------------------------------------------------------


def test_results_are_hidden_below_the_threshold(practices, supervisor, client_for):
    answer_randomly(practices, 4)
    page = client_for(supervisor).get(reverse("surveys:results", args=[practices.pk])).content.decode()
    assert 'id="results-hidden"' in page and "chart" not in page
    answer_randomly(practices, 1, seed=2)
    page = client_for(supervisor).get(reverse("surveys:results", args=[practices.pk])).content.decode()
    assert 'id="results-hidden"' not in page
    assert 'id="results-count"' in page


def test_filters_cannot_reveal_a_small_group_by_difference(practices, org, unit):
    other = UnitFactory(organisation=org, name_fi="Varhaiskasvatus")
    answer_randomly(practices, 6, unit=unit)
    answer_randomly(practices, 1, unit=other, seed=3)
    whole = queries.results(practices, queries.Filters())
    assert not whole.hidden and whole.count == 7
    # Six in the unit is above the threshold, but 7 − 6 = 1 would be revealed.
    by_unit = queries.results(practices, queries.Filters(unit=unit))
    assert by_unit.hidden and by_unit.reason == "difference"
    assert queries.results(practices, queries.Filters(unit=other)).hidden


def test_free_text_is_shown_only_for_large_enough_groups(practices, supervisor, client_for):
    answer_randomly(practices, 4, text="Enemmän kokeiluja")
    url = reverse("surveys:results", args=[practices.pk])
    assert "Enemmän kokeiluja" not in client_for(supervisor).get(url).content.decode()
    answer_randomly(practices, 1, text="Enemmän kokeiluja", seed=5)
    assert "Enemmän kokeiluja" in client_for(supervisor).get(url).content.decode()


def test_matrix_results_are_shares_per_practice_in_the_seeds_layout(practices):
    status = Question.objects.filter(section__survey=practices, kind="matrix").order_by("section__order").first()
    options = {o.value: o for o in status.options.all()}
    rows = list(status.rows.all())
    for value in ["in-use", "in-use", "in-use", "in-trial", "not-in-use"]:
        response = actions.start_response(practices).response
        Answer.objects.bulk_create([Answer(response=response, question=status, row=row, option=options[value])
                                    for row in rows])
        actions.submit(response)
    result = next(q for q in queries.results(practices, queries.Filters()).questions if q.question == status)
    assert result.columns == ["Käytössä", "Kokeilussa", "Suunnitteilla", "Ei käytössä, ei suunnitteilla"]
    label, counts, shares, total = result.rows[0]
    assert label == rows[0].label and counts == [3, 1, 0, 1] and shares == [60.0, 20.0, 0.0, 20.0] and total == 5
    assert result.chart is not None and result.chart.rows[0][1] == [60.0, 20.0, 0.0, 20.0]


def test_results_page_query_count_does_not_grow_with_answers(practices, supervisor, client_for,
                                                            django_assert_max_num_queries):
    answer_randomly(practices, 5)
    client = client_for(supervisor)
    client.get(reverse("surveys:results", args=[practices.pk]))
    with django_assert_max_num_queries(20) as few:
        client.get(reverse("surveys:results", args=[practices.pk]))
    answer_randomly(practices, 20, seed=9)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("surveys:results", args=[practices.pk]))


def _export(client, survey, fmt: str, query: str = ""):
    return client.post(reverse("surveys:results_export", args=[survey.pk]), {"format": fmt, "query": query})


def test_exports_are_prepared_in_the_background_as_csv_xlsx_and_pdf_and_are_audited(
        practices, supervisor, outsider, client_for, django_capture_on_commit_callbacks):
    answer_randomly(practices, 5)
    client = client_for(supervisor)
    files = {}
    for fmt in ("csv", "xlsx", "pdf"):
        with django_capture_on_commit_callbacks(execute=True):
            started = _export(client, practices, fmt, "unit=x")  # unknown filter values are ignored
        assert started.status_code == 302
        job = ExportJob.objects.get(pk=started["Location"].strip("/").split("/")[-1])
        assert job.owner == supervisor and job.status == ExportJob.Status.DONE
        page = client.get(started["Location"]).content.decode()
        assert "Lataus on valmis" in page and reverse("surveys:results", args=[practices.pk]) in page
        files[fmt] = client.get(reverse("core:export_download", args=[job.pk]))
    assert "Käytössä" in files["csv"].content.decode("utf-8-sig")
    assert files["xlsx"].content[:2] == b"PK"
    assert files["pdf"]["Content-Type"] == "application/pdf" and files["pdf"].content[:4] == b"%PDF"
    assert AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT, target=f"survey:{practices.pk}").count() == 3
    assert client_for(outsider).get(reverse("core:export_download", args=[job.pk])).status_code == 404


def test_the_export_follows_the_filters_of_the_page(practices, supervisor, client_for,
                                                     django_capture_on_commit_callbacks):
    answer_randomly(practices, 6, role="staff")
    answer_randomly(practices, 7, role="supervisor", seed=2)
    answer_randomly(practices, 8, role="management", seed=3)
    totals = {}
    for query in ("", "role=staff", "role=management"):
        with django_capture_on_commit_callbacks(execute=True):
            started = _export(client_for(supervisor), practices, "csv", query)
        job = ExportJob.objects.get(pk=started["Location"].strip("/").split("/")[-1])
        lines = [line.split(";") for line in bytes(job.content).decode("utf-8-sig").splitlines()[1:]]
        first_item = (lines[0][0], lines[0][1])
        totals[query] = sum(int(line[3]) for line in lines if (line[0], line[1]) == first_item)
    assert totals == {"": 21, "role=staff": 6, "role=management": 8}


def test_hidden_results_cannot_be_exported_and_a_lost_right_fails_the_job(
        practices, supervisor, client_for, django_capture_on_commit_callbacks):
    answer_randomly(practices, 2)
    assert _export(client_for(supervisor), practices, "csv").status_code == 404
    assert _export(client_for(supervisor), practices, "docx").status_code == 404
    assert client_for(supervisor).get(reverse("surveys:results_export", args=[practices.pk])).status_code == 405
    answer_randomly(practices, 5, seed=3)
    started = _export(client_for(supervisor), practices, "csv")  # queued: its task waits for the commit
    job = ExportJob.objects.get(pk=started["Location"].strip("/").split("/")[-1])
    Membership.objects.filter(user=supervisor).delete()
    exportjobs.run(str(job.pk))
    job.refresh_from_db()
    assert job.status == ExportJob.Status.FAILED and job.content is None


# --- the builder -----------------------------------------------------------------------------------


def _question_post(kind: str, **extra) -> dict:
    data = {"kind": kind, "text_fi": "Kuinka usein kokeilette?", "text_sv": "Hur ofta prövar ni?",
            "text_en": "How often do you experiment?", "preset": "",
            "options-TOTAL_FORMS": 3, "options-INITIAL_FORMS": 0, "rows-TOTAL_FORMS": 3, "rows-INITIAL_FORMS": 0}
    data.update(extra)
    return data


def test_the_builder_adds_pages_and_questions_of_every_kind(org, org_admin, client_for):
    client = client_for(org_admin)
    survey = actions.create_from_template("sparring-feedback", actor=org_admin, organisation=org)
    client.post(reverse("surveys:section_create", args=[survey.pk]),
                {"title_fi": "Kokeilut", "title_sv": "Försök", "title_en": "Experiments"})
    section = survey.sections.get(title_fi="Kokeilut")
    url = reverse("surveys:question_create", args=[survey.pk, section.pk])
    choice = client.post(url, _question_post("single", **{
        "options-0-label_fi": "Usein", "options-0-label_sv": "Ofta", "options-0-label_en": "Often",
        "options-1-label_fi": "Harvoin", "options-1-label_sv": "Sällan", "options-1-label_en": "Rarely"}))
    assert choice.status_code == 302
    question = section.questions.get()
    assert [(o.value, o.label_sv) for o in question.options.all()] == [("usein", "Ofta"), ("harvoin", "Sällan")]
    matrix = client.post(url, _question_post("matrix", preset="status", **{
        "rows-0-label_fi": "Kokeilukulttuuri", "rows-0-label_sv": "Försökskultur", "rows-0-label_en": "Culture"}))
    assert matrix.status_code == 302
    made = section.questions.get(kind="matrix")
    assert [o.value for o in made.options.all()] == ["in-use", "in-trial", "planned", "not-in-use"]
    assert made.rows.get().label_sv == "Försökskultur"
    assert client.post(url, _question_post("likert")).status_code == 302
    assert list(section.questions.values_list("kind", flat=True)) == ["single", "matrix", "likert"]


def test_a_choice_question_without_options_is_refused_and_nothing_is_saved(org, org_admin, client_for):
    survey = actions.create_from_template("sparring-feedback", actor=org_admin, organisation=org)
    section = survey.sections.get()
    before = section.questions.count()
    url = reverse("surveys:question_create", args=[survey.pk, section.pk])
    page = client_for(org_admin).post(url, _question_post("multiple", **{"options-0-label_fi": "Vain yksi"}))
    assert page.status_code == 200 and "error-summary" in page.content.decode()
    assert section.questions.count() == before and not Option.objects.filter(label_fi="Vain yksi").exists()
    matrix = client_for(org_admin).post(url, _question_post("matrix", preset="significance"))
    assert "error-summary" in matrix.content.decode()
    assert section.questions.count() == before


def test_the_builder_is_closed_once_answers_exist(practices, org_admin, client_for):
    answer_randomly(practices, 1)
    section = practices.sections.first()
    question = section.questions.first()
    client = client_for(org_admin)
    response = client.post(reverse("surveys:question_edit", args=[practices.pk, section.pk, question.pk]),
                           _question_post("text"))
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.kind == "matrix"
    removed = client.post(reverse("surveys:section_edit", args=[practices.pk, section.pk]), {"delete": "1"})
    assert removed.status_code == 302
    assert practices.sections.filter(pk=section.pk).exists()


def test_only_the_organisations_admin_uses_the_builder(practices, manager, other_admin, client_for):
    section = practices.sections.first()
    url = reverse("surveys:question_create", args=[practices.pk, section.pk])
    assert client_for(manager).post(url, _question_post("text")).status_code == 403
    assert client_for(other_admin).post(url, _question_post("text")).status_code == 404
    assert client_for(manager).get(reverse("surveys:edit", args=[practices.pk])).status_code == 403


def test_questions_move_and_settings_are_validated(org, org_admin, client_for):
    survey = actions.create_from_template("wellbeing-pulse", actor=org_admin, organisation=org)
    section = survey.sections.get()
    first, second = list(section.questions.all())[:2]
    client = client_for(org_admin)
    client.post(reverse("surveys:question_edit", args=[survey.pk, section.pk, second.pk]), {"move": "up"})
    assert list(section.questions.all())[:2] == [second, first]
    page = client.post(reverse("surveys:edit", args=[survey.pk]), {
        "title_fi": "Pulssi", "threshold": 5, "opens_on": "2026-12-10", "closes_on": "2026-12-01"})
    assert page.status_code == 200 and "error-summary" in page.content.decode()
    survey.refresh_from_db()
    assert survey.title_fi != "Pulssi"


def test_a_survey_past_its_closing_date_takes_no_answers(practices):
    from datetime import timedelta

    from django.utils import timezone

    Survey.objects.filter(pk=practices.pk).update(closes_on=timezone.localdate() - timedelta(days=1))
    assert Client().post(reverse("surveys:answer", args=[practices.link_token])).status_code == 409


def test_results_compare_with_an_earlier_round(practices, org_admin, supervisor, client_for):
    status = _matrices(practices)[0]

    def answer(survey, value, count):
        question = _matrices(survey)[0]
        option = question.options.get(value=value)
        for _ in range(count):
            response = actions.start_response(survey).response
            Answer.objects.bulk_create([Answer(response=response, question=question, row=row, option=option)
                                        for row in question.rows.all()])
            actions.submit(response)
    answer(practices, "planned", 5)
    second = actions.open_survey(actions.new_version(practices, actor=org_admin), actor=org_admin)
    answer(second, "in-use", 3)
    answer(second, "planned", 2)
    page = client_for(supervisor).get(reverse("surveys:results", args=[second.pk]) + f"?compare={practices.pk}")
    result = next(q for q in page.context["results"].questions if q.question.kind == "matrix")
    label, changes = result.changes[0]
    assert label == status.rows.first().label
    assert changes == [60.0, 0.0, -60.0, 0.0]  # in use +60, planned −60 points
    assert "Muutos kierroksesta 1, prosenttiyksikköä" in page.content.decode()


def test_no_two_views_that_are_shown_subtract_to_a_group_below_the_threshold(practices, org):
    from itertools import product

    from django.utils import timezone

    sector = UnitFactory(organisation=org, name_fi="Sote")
    home, day = UnitFactory(organisation=org, name_fi="Kotihoito", parent=sector), \
        UnitFactory(organisation=org, name_fi="Päiväkoti", parent=sector)
    other = UnitFactory(organisation=org, name_fi="Tekninen")
    spread = [(home, "staff", 6), (home, "supervisor", 2), (day, "staff", 5), (day, "management", 1),
              (other, "staff", 7), (sector, "staff", 3), (None, "", 4)]
    seed = 10
    for unit, role, count in spread:
        answer_randomly(practices, count, unit=unit, role=role, seed=(seed := seed + 1))
    this_month = timezone.localdate().replace(day=1)
    last_month = (this_month - timedelta(days=1)).replace(day=1)
    moved = list(Response.objects.filter(unit=home, role="staff").values_list("pk", flat=True)[:3])
    Response.objects.filter(pk__in=moved).update(submitted_on=last_month)
    cells.rebuild(practices)  # the answers were changed behind the counts' back
    views = [queries.Filters(unit=u, role=r, month=m) for u, r, m in product(
        [None, sector, home, day, other], ["", "staff", "supervisor", "management"], [None, this_month, last_month])]
    shown = {}
    for view in views:
        if not queries.group_visibility(practices, view)[2]:
            shown[view] = set(view.apply(queries.submitted(practices)).values_list("pk", flat=True))
    assert len(shown) > 5  # the rule still lets useful views through
    for (a, members_a), (b, members_b) in product(shown.items(), repeat=2):
        if members_a < members_b:
            assert len(members_b - members_a) >= practices.threshold, (a, b)
