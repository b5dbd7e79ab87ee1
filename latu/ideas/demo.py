"""Demo ideas: a believable 18 months of the idea pipeline in every demo organisation –
ideas in every status (Swedish ones in Porvoo), supports, discussions, evaluations,
decisions with reasons, escalations to forums and their meetings.

Deterministic (one random.Random per organisation), idempotent (the demo ideas carry
fixed submission keys; an organisation that has them is skipped) and quick (bulk inserts).
"""

import hashlib
import random
from datetime import datetime, time, timedelta

from django.utils import timezone

from latu.accounts.models import User
from latu.organisations.models import Membership, Organisation, Role, StrategyGoal, Unit

from .demo_texts import (
    ANSWERS_FI,
    ANSWERS_SV,
    CITIZEN_FI,
    CITIZEN_SV,
    COMMENTS_FI,
    COMMENTS_SV,
    GENERIC_FI,
    IDEAS_FI,
    IDEAS_SV,
    NOTES_FI,
    QUESTIONS_FI,
    QUESTIONS_SV,
    REASONS_FI,
    REASONS_SV,
    SECTOR_WORDS,
)
from .models import (
    Activity,
    AgendaItem,
    Comment,
    CommentReport,
    Criterion,
    Decision,
    Evaluation,
    Forum,
    ForumMeeting,
    Idea,
    Support,
    receipt_hash,
)
from .search import prepare_terms, store_terms

DEMO_SLUGS = ["hollola", "porvoo", "paijat-hame-hva", "jokilaakson-koulutus", "lahden-tilapalvelut"]
# An anonymous demo idea of Hollola can be followed with this receipt code.
DEMO_RECEIPT_CODE = "LATU-DEMX-KVT2-2345"
DAYS = 540  # 18 months

S = Idea.Status


def _key(org: Organisation, n: int) -> str:
    return hashlib.sha256(f"demo:{org.slug}:{n}".encode()).hexdigest()


def _sector(unit: Unit) -> str:
    name = unit.name_fi.casefold()
    for word, sector in SECTOR_WORDS:
        if word in name:
            return sector
    return ""


def _status(rng: random.Random, age: float) -> str:
    if age < 5:
        return S.NEW
    if age < 25:
        return rng.choice([S.NEW, S.IN_EVALUATION])
    return rng.choices(
        [S.NEW, S.IN_EVALUATION, S.DECIDED, S.IN_EXPERIMENT, S.IMPLEMENTED, S.DECLINED, S.MERGED],
        weights=[4, 12, 16, 12, 26, 18, 8],
    )[0]


def _forums(org: Organisation, swedish: bool, now) -> tuple[Forum, Forum, list[ForumMeeting], list[ForumMeeting]]:
    management, _ = Forum.objects.get_or_create(
        organisation=org, kind=Forum.Kind.MANAGEMENT, unit=None,
        defaults={"name": "Ledningsgruppen" if swedish else "Johtoryhmä"},
    )
    supervisors, _ = Forum.objects.get_or_create(
        organisation=org, kind=Forum.Kind.SUPERVISORS, unit=None,
        defaults={"name": "Chefsforum" if swedish else "Esihenkilötunti"},
    )
    meetings = {}
    today = timezone.localdate(now)
    for forum, offset in ((management, 3), (supervisors, 10)):
        dates = [today - timedelta(days=30 * k + offset) for k in range(18)]
        dates += [today + timedelta(days=offset), today + timedelta(days=30 + offset)]
        meetings[forum.pk] = []
        for date in sorted(dates):
            meeting, _ = ForumMeeting.objects.get_or_create(forum=forum, date=date)
            meetings[forum.pk].append(meeting)
    return management, supervisors, meetings[management.pk], meetings[supervisors.pk]


def _people(org: Organisation):
    rows = list(Membership.objects.filter(organisation=org).select_related("user"))
    everyone = sorted({m.user_id: m.user for m in rows}.values(), key=lambda u: u.pk)
    by_role: dict[str, list[User]] = {}
    for m in rows:
        by_role.setdefault(m.role, [])
        if m.user not in by_role[m.role]:
            by_role[m.role].append(m.user)
    for users in by_role.values():
        users.sort(key=lambda u: u.pk)
    return everyone, by_role


def load(stdout) -> None:
    now = timezone.now()
    made = 0
    for org in Organisation.objects.filter(slug__in=DEMO_SLUGS).order_by("slug"):
        made += _load_organisation(org, random.Random(f"latu-ideas-{org.slug}"), now)
    stdout.write(f"Ideas: {made} new demo ideas (total {Idea.objects.count()})")
    if made:
        stdout.write(f"  An anonymous demo idea of Hollola: receipt code {DEMO_RECEIPT_CODE}")


def _load_organisation(org: Organisation, rng: random.Random, now) -> int:  # noqa: C901 - one story, told in order
    if Idea.objects.filter(submission_key=_key(org, 0)).exists():
        return 0
    everyone, by_role = _people(org)
    if not everyone:
        return 0
    swedish = org.default_language == "sv"
    leaves = list(Unit.objects.filter(organisation=org, level=Unit.Level.UNIT).order_by("pk"))
    goals = list(StrategyGoal.objects.filter(organisation=org).order_by("order", "pk"))
    criteria = list(Criterion.objects.filter(organisation=org, is_active=True).order_by("order", "pk"))
    handlers = [u for role in (Role.INNOVATOR, Role.SUPERVISOR, Role.MANAGER) for u in by_role.get(role, [])]
    innovators = by_role.get(Role.INNOVATOR) or handlers
    deciders = by_role.get(Role.SUPERVISOR, []) + by_role.get(Role.MANAGER, []) or handlers
    managers = by_role.get(Role.MANAGER) or deciders
    management, supervisors, management_meetings, supervisor_meetings = _forums(org, swedish, now)

    # --- the ideas -------------------------------------------------------------------
    count = rng.randint(58, 68)
    used: set[str] = set()
    plans = []
    citizens = list(User.objects.filter(is_citizen=True, email__endswith="@example.com").order_by("pk"))
    for n in range(count):
        unit = rng.choice(leaves) if leaves and rng.random() < 0.9 else None
        sector = _sector(unit) if unit else ""
        in_swedish = swedish and rng.random() < 0.6
        citizen = org.public_channel and citizens and n % 20 == 7
        if citizen:
            pool = CITIZEN_SV if in_swedish else CITIZEN_FI
        elif in_swedish:
            pool = IDEAS_SV
        else:
            pool = IDEAS_FI.get(sector, []) + GENERIC_FI
        fresh = [t for t in pool if t[0] not in used]
        text = rng.choice(fresh or pool)
        duplicate = text[0] in used
        used.add(text[0])
        plans.append({"unit": unit, "text": text, "sv": in_swedish, "citizen": citizen, "duplicate": duplicate,
                      "age": rng.uniform(0, DAYS)})
    plans.sort(key=lambda p: -p["age"])  # oldest first, so numbers grow with time

    ideas: list[Idea] = []
    titles: set[str] = set(Idea.objects.filter(organisation=org).values_list("title", flat=True))
    bases: dict[str, str] = {}
    for n, plan in enumerate(plans):
        base_title, description, problem, proposal, beneficiaries = plan["text"]
        # The same proposal made again (a duplicate to merge) is written by someone else in
        # their own words: never two ideas of the same title in one organisation.
        title = base_title
        if title in titles:
            unit_name = plan["unit"].name_sv if plan["sv"] and plan["unit"] and plan["unit"].name_sv else (
                plan["unit"].name_fi if plan["unit"] else "")
            title = f"{base_title}: {unit_name}" if unit_name else base_title
            suffix = 2
            while title in titles:
                title, suffix = f"{base_title} ({suffix})", suffix + 1
        titles.add(title)
        bases[title] = base_title
        created = now - timedelta(days=plan["age"], minutes=rng.randint(0, 600))
        status = _status(rng, plan["age"])
        if status == S.MERGED and not plan["duplicate"] and n < 5:
            status = S.DECLINED
        anonymous = not plan["citizen"] and rng.random() < 0.12
        author = None
        if plan["citizen"]:
            author = rng.choice(citizens)
        elif not anonymous:
            author = rng.choice(everyone)
        first = None
        if status != S.NEW or rng.random() < 0.35:
            first = created + timedelta(days=rng.choice([1, 1, 2, 3, 4, 6, 9, 14, 21]), hours=rng.randint(1, 8))
        decided = None
        if status in (S.DECIDED, S.IN_EXPERIMENT, S.IMPLEMENTED, S.DECLINED, S.MERGED):
            decided = (first or created) + timedelta(days=rng.randint(2, 45))
        if first and first > now:
            first = now - timedelta(hours=1)
        if decided and decided > now:
            decided = now - timedelta(minutes=30)
        code = ""
        if anonymous:
            code = DEMO_RECEIPT_CODE if org.slug == "hollola" and not any(i.is_anonymous for i in ideas) else \
                "-".join("".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _ in range(4)) for _ in range(4))
        ideas.append(Idea(
            organisation=org, unit=plan["unit"], strategy_goal=rng.choice(goals) if goals and rng.random() < 0.6
            else None, title=title, description=description, problem=problem, proposal=proposal,
            beneficiaries=beneficiaries, source=Idea.Source.CITIZEN if plan["citizen"] else (
                Idea.Source.WORKSHOP if rng.random() < 0.08 else Idea.Source.STAFF),
            status=status, version=1 + (status != S.NEW) + (decided is not None), author=author,
            is_anonymous=anonymous, receipt_hash=receipt_hash(code) if code else "", submission_key=_key(org, n),
            language="sv" if plan["sv"] else "fi", created_at=created, updated_at=decided or first or created,
            first_response_at=first, decided_at=decided,
        ))

    # --- decisions, escalations and merges ----------------------------------------------
    decisions: list[Decision] = []
    agenda: list[tuple[ForumMeeting, Idea, int | None]] = []  # decision index
    activities: list[Activity] = []

    def reason(kind: str, idea: Idea) -> str:
        return rng.choice((REASONS_SV if idea.language == "sv" else REASONS_FI)[kind])

    def meeting_after(meetings, when):
        day = timezone.localdate(when)
        return next((m for m in meetings if m.date >= day), meetings[-1])

    def add_decision(idea, kind, at, by, before, after, **extra) -> int:
        decisions.append(Decision(idea=idea, kind=kind, reason=reason(kind, idea), decided_by=by,
                                  status_before=before, status_after=after, created_at=at, **extra))
        activities.append(Activity(idea=idea, kind=Activity.Kind.DECIDED, actor=by, created_at=at,
                                   data={"kind": kind, "reason": decisions[-1].reason[:500]}))
        return len(decisions) - 1

    for idea in ideas:
        activities.append(Activity(idea=idea, kind=Activity.Kind.SUBMITTED, actor=idea.author, by_idea_author=True,
                                   created_at=idea.created_at))
        if idea.first_response_at and idea.status != S.NEW:
            activities.append(Activity(idea=idea, kind=Activity.Kind.STATUS, actor=rng.choice(innovators),
                                       created_at=idea.first_response_at, data={"status": S.IN_EVALUATION}))
        escalate = (idea.status == S.IN_EVALUATION and rng.random() < 0.3) or (
            idea.decided_at and idea.status != S.MERGED and rng.random() < 0.2)
        meeting = None
        if escalate:
            forum = management if rng.random() < 0.5 else supervisors
            meetings = management_meetings if forum == management else supervisor_meetings
            at = (idea.first_response_at or idea.created_at) + timedelta(days=1)
            add_decision(idea, Decision.Kind.ESCALATE, at, rng.choice(deciders), S.IN_EVALUATION, S.IN_EVALUATION,
                         forum=forum)
            meeting = meeting_after(meetings, at)
            activities.append(Activity(idea=idea, kind=Activity.Kind.ON_AGENDA, actor=None, created_at=at,
                                       data={"meeting": meeting.pk, "date": meeting.date.isoformat(),
                                             "forum": forum.name}))
            if idea.decided_at is None:
                idea.escalated_to = forum
                agenda.append((meeting, idea, None))
            else:
                idea.decided_at = max(idea.decided_at,
                                      timezone.make_aware(datetime.combine(meeting.date, time(14, 0))))
                idea.decided_at = min(idea.decided_at, now - timedelta(minutes=5))
        if idea.decided_at is None:
            continue
        by = rng.choice(managers if meeting else deciders)
        if idea.status == S.MERGED:
            earlier = [o for o in ideas if o.created_at < idea.created_at and o.status != S.MERGED
                       and (bases.get(o.title) == bases.get(idea.title) or o.unit_id == idea.unit_id)]
            if not earlier:
                idea.status = S.DECLINED
            else:
                target = next((o for o in earlier if bases.get(o.title) == bases.get(idea.title)), rng.choice(earlier))
                idea.merged_into = target
                add_decision(idea, Decision.Kind.MERGE, idea.decided_at, by, S.IN_EVALUATION, S.MERGED,
                             merged_into=target)
                activities.append(Activity(idea=target, kind=Activity.Kind.MERGED_HERE, actor=by,
                                           created_at=idea.decided_at, data={"source": idea}))
                continue
        kind = {S.DECIDED: "implement", S.IN_EXPERIMENT: "experiment", S.DECLINED: "decline"}.get(idea.status)
        if idea.status == S.IMPLEMENTED:
            kind = rng.choice(["implement", "experiment"])
        after = Decision.RESULT[kind]
        index = add_decision(idea, kind, idea.decided_at, by, S.IN_EVALUATION, after,
                             meeting=meeting if meeting else None)
        if meeting:
            agenda.append((meeting, idea, index))
        if idea.status == S.IMPLEMENTED:
            done = min(idea.decided_at + timedelta(days=rng.randint(20, 120)), now - timedelta(minutes=1))
            activities.append(Activity(idea=idea, kind=Activity.Kind.STATUS, actor=rng.choice(innovators),
                                       created_at=done, data={"status": S.IMPLEMENTED}))
            idea.updated_at = done

    # --- supports, comments, evaluations ----------------------------------------------------
    supports: list[Support] = []
    comments: list[Comment] = []
    replies: list[tuple[int, Comment]] = []
    evaluations: list[Evaluation] = []
    for idea in ideas:
        age = (now - idea.created_at).days
        wanted = min(len(everyone) - 1, int(rng.paretovariate(1.6)) - 1 + (age > 20) + 2 * (
            idea.status in (S.IMPLEMENTED, S.IN_EXPERIMENT)))
        if idea.status == S.MERGED:
            wanted = 0
        fans = rng.sample([u for u in everyone if u != idea.author], max(0, wanted))
        for fan in fans:
            at = idea.created_at + timedelta(hours=rng.randint(1, max(2, 24 * min(age, 30))))
            supports.append(Support(idea=idea, user=fan, created_at=min(at, now)))
        idea.support_count = len(fans)

        sv = idea.language == "sv"
        thread = []
        if idea.first_response_at and rng.random() < 0.55:
            asker = rng.choice(innovators)
            question = Comment(idea=idea, author=asker, body=rng.choice(QUESTIONS_SV if sv else QUESTIONS_FI),
                               created_at=idea.first_response_at)
            thread.append(question)
            if rng.random() < 0.7:
                answer = Comment(idea=idea, author=idea.author, by_idea_author=True,
                                 body=rng.choice(ANSWERS_SV if sv else ANSWERS_FI),
                                 created_at=min(idea.first_response_at + timedelta(hours=rng.randint(2, 40)), now))
                replies.append((len(comments), answer))
        for _ in range(rng.choice([0, 0, 1, 1, 2, 3])):
            talker = rng.choice(everyone)
            at = min(idea.created_at + timedelta(hours=rng.randint(2, 24 * max(1, min(age, 60)))), now)
            thread.append(Comment(idea=idea, author=talker, body=rng.choice(COMMENTS_SV if sv else COMMENTS_FI),
                                  by_idea_author=talker == idea.author, created_at=at))
        comments.extend(thread)

        if idea.status != S.NEW and idea.first_response_at and criteria:
            quality = {S.IMPLEMENTED: 4.0, S.IN_EXPERIMENT: 3.8, S.DECIDED: 3.7, S.DECLINED: 2.3}.get(idea.status, 3.0)
            quality += rng.uniform(-0.6, 0.6)
            effort = rng.uniform(1.5, 4.5)
            for evaluator in rng.sample(handlers, min(len(handlers), rng.randint(1, 3))):
                at = min(idea.first_response_at + timedelta(days=rng.randint(0, 10)), now)
                for criterion in criteria:
                    centre = effort if criterion.lower_is_better else quality
                    score = max(1, min(5, round(centre + rng.gauss(0, 0.7))))
                    evaluations.append(Evaluation(
                        idea=idea, evaluator=evaluator, criterion=criterion, score=score, created_at=at, updated_at=at,
                        note=rng.choice(NOTES_FI) if not sv and rng.random() < 0.2 else ""))
                activities.append(Activity(idea=idea, kind=Activity.Kind.EVALUATED, actor=evaluator, created_at=at,
                                           data={"criteria": len(criteria)}))
    answers = []
    for parent_index, answer in replies:
        answer.parent = comments[parent_index]
        answers.append(answer)
    for comment in [*comments, *answers]:
        comment.idea.comment_count += 1

    # --- write: ideas first (merges point back to earlier ideas, so they follow) ----------
    analysed = prepare_terms(ideas)
    merges = [(idea, idea.merged_into) for idea in ideas if idea.merged_into is not None]
    for idea, _target in merges:
        idea.merged_into = None
    Idea.objects.bulk_create(ideas, batch_size=500)
    for idea, target in merges:
        idea.merged_into = target
        Idea.objects.filter(pk=idea.pk).update(merged_into=target)
    store_terms(ideas, analysed)
    for activity in activities:
        if activity.kind == Activity.Kind.MERGED_HERE:
            activity.data = {"idea": activity.data["source"].pk, "title": activity.data["source"].title}
    Decision.objects.bulk_create(decisions)
    AgendaItem.objects.bulk_create(
        [AgendaItem(meeting=m, idea=i, decision=decisions[d] if d is not None else None, created_at=i.created_at)
         for m, i, d in agenda],
        ignore_conflicts=True,
    )
    Support.objects.bulk_create(supports, ignore_conflicts=True, batch_size=1000)
    Comment.objects.bulk_create(comments, batch_size=1000)
    Comment.objects.bulk_create(answers, batch_size=1000)
    for comment in [*comments, *answers]:
        activities.append(Activity(idea=comment.idea, kind=Activity.Kind.COMMENTED, actor=comment.author,
                                   by_idea_author=comment.by_idea_author, created_at=comment.created_at,
                                   data={"comment": comment.pk}))
    Evaluation.objects.bulk_create(evaluations, ignore_conflicts=True, batch_size=1000)
    Activity.objects.bulk_create(activities, batch_size=1000)

    # --- a little moderation: one hidden comment, one open report ---------------------------
    if len(comments) > 10 and deciders:
        hidden = comments[3]
        moderator = deciders[0]
        Comment.objects.filter(pk=hidden.pk).update(
            is_hidden=True, hidden_by=moderator, hidden_at=hidden.created_at + timedelta(hours=3),
            hidden_reason="Sopii keskusteluun paremmin tiimipalaverissa." if not swedish
            else "Passar bättre att diskutera på teammötet.",
        )
        reporter = next(u for u in everyone if u != comments[8].author)
        CommentReport.objects.get_or_create(comment=comments[8], reporter=reporter,
                                            defaults={"reason": "Asiaton sävy" if not swedish else "Osaklig ton"})
    return len(ideas)
