"""The data of the load and fault tests: the Finnish demo (``latu demo``: five
organisations with their people, ideas, experiments and Tekojen tori with its
deeds), made bigger where a load test needs it:

- more deeds in Tekojen tori (``--deeds``, the demo generator's own texts, indexed for
  search by the application's code);
- in each of the demo's organisations, ``--people`` employees who sign in during the
  test and a few organisation-wide innovators, all with the demo password;
- ``--ideas`` more ideas per organisation, announced by the application's own
  ``announce_new_ideas`` (search terms, timelines, handlers' notifications), so that
  they are whole ideas as a submission would leave them.

Run in a child process with Django set up against the load database; writes a
manifest (who signs in, which ideas and deeds exist, which words to search) that the
load client reads.
"""

from __future__ import annotations

import io
import json
import random
import sys
import time
from datetime import timedelta
from pathlib import Path

LOAD_PEOPLE_PREFIX = "kuormitus"
LOAD_INNOVATOR_PREFIX = "kuormitus-uudistaja"
SEARCHES = ["kotihoito", "palautteen", "ruokahävikki", "asiakaspalvelu", "työvuorot", "päiväkodin piha",
            "kirjasto", "liikunta", "ikäihmiset", "koulu", "digitaalinen", "energia", "siivous", "nuoret"]
INNOVATORS_PER_ORGANISATION = 4


def load(deeds: int, people: int, ideas: int, manifest: Path) -> None:  # noqa: C901 - one story, in order
    import django

    django.setup()
    import importlib

    from allauth.account.models import EmailAddress
    from django.contrib.auth.hashers import make_password
    from django.core.management.base import OutputWrapper
    from django.db import transaction
    from django.utils import timezone

    from latu.accounts.models import User
    from latu.core.management.commands.demo import DEMO_MODULES
    from latu.ideas.actions import announce_new_ideas
    from latu.ideas.demo import DEMO_SLUGS
    from latu.ideas.demo_texts import IDEAS_FI
    from latu.ideas.models import Idea
    from latu.organisations.demo import DEMO_PASSWORD, ORGANISATIONS
    from latu.organisations.models import Membership, Organisation, Role, Unit
    from latu.tori import indexing
    from latu.tori.models import Deed

    started = time.perf_counter()
    buffer = io.StringIO()
    out = OutputWrapper(buffer)

    for name in DEMO_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        with transaction.atomic():
            if name == "latu.tori.demo":
                module.load(out, count=deeds)
            else:
                module.load(out)
    print(buffer.getvalue().strip(), flush=True)
    print(f"demo loaded in {time.perf_counter() - started:.0f} s", flush=True)

    step = time.perf_counter()
    indexed = indexing.rebuild(1000)
    print(f"deeds indexed: {indexed} in {time.perf_counter() - step:.0f} s", flush=True)

    rng = random.Random(20261207)
    password = make_password(DEMO_PASSWORD)
    domains = {spec["slug"]: spec["domain"] for spec in ORGANISATIONS}
    now = timezone.now()
    info: dict = {"password": DEMO_PASSWORD, "organisations": [], "searches": SEARCHES}
    texts = [text for items in IDEAS_FI.values() for text in items]
    for org in Organisation.objects.filter(slug__in=DEMO_SLUGS).order_by("slug"):
        domain = domains[org.slug]
        leaves = list(Unit.objects.filter(organisation=org, level=Unit.Level.UNIT).values_list("pk", flat=True))
        step = time.perf_counter()
        emails = [f"{LOAD_PEOPLE_PREFIX}{n}@{domain}" for n in range(1, people + 1)]
        innovator_emails = [f"{LOAD_INNOVATOR_PREFIX}{n}@{domain}" for n in range(1, INNOVATORS_PER_ORGANISATION + 1)]
        new_users = User.objects.bulk_create(
            [User(email=email, name=f"Kuormitus {n}", password=password, language="fi")
             for n, email in enumerate(emails + innovator_emails, 1)],
            batch_size=1000,
        )
        EmailAddress.objects.bulk_create(
            [EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in new_users],
            batch_size=1000,
        )
        employees, innovators = new_users[:people], new_users[people:]
        Membership.objects.bulk_create(
            [Membership(user=user, organisation=org, role=Role.EMPLOYEE, unit_id=leaves[n % len(leaves)])
             for n, user in enumerate(employees)]
            + [Membership(user=user, organisation=org, role=Role.INNOVATOR, unit=None) for user in innovators],
            batch_size=1000,
        )
        # Ideas of the last months by the load people: the ones readers open and support.
        new_ideas = []
        for n in range(ideas):
            title, description, problem, proposal, beneficiaries = rng.choice(texts)
            author = employees[n % len(employees)]
            new_ideas.append(Idea(
                organisation=org, unit_id=leaves[n % len(leaves)], title=f"{title} ({n + 1})",
                description=description, problem=problem, proposal=proposal, beneficiaries=beneficiaries,
                source=Idea.Source.STAFF, author=author, language="fi", announced=False,
                created_at=now - timedelta(days=rng.uniform(1, 120)),
            ))
        Idea.objects.bulk_create(new_ideas, batch_size=1000)
        announced = announce_new_ideas(org.pk)
        idea_ids = list(Idea.objects.filter(organisation=org).values_list("pk", flat=True))
        new_ids = list(Idea.objects.filter(organisation=org, status=Idea.Status.NEW).values_list("pk", flat=True))
        info["organisations"].append({
            "slug": org.slug, "employees": emails, "innovators": innovator_emails, "ideas": idea_ids,
            "new_ideas": new_ids,
        })
        print(f"{org.slug}: {people} people, {len(innovators)} innovators, {announced} ideas announced in "
              f"{time.perf_counter() - step:.0f} s", flush=True)
    info["deeds"] = list(Deed.objects.filter(status=Deed.Status.PUBLISHED).values_list("pk", flat=True))
    manifest.write_text(json.dumps(info))
    print(f"published deeds: {len(info['deeds'])}; ideas: {Idea.objects.count()}; "
          f"loaded in {time.perf_counter() - started:.0f} s", flush=True)


def refresh_manifest(manifest: Path) -> None:
    """Read the ideas and deeds again (a database kept from an earlier run)."""
    import django

    django.setup()
    from latu.ideas.models import Idea
    from latu.tori.models import Deed

    info = json.loads(manifest.read_text())
    for org in info["organisations"]:
        org["ideas"] = list(Idea.objects.filter(organisation__slug=org["slug"]).values_list("pk", flat=True))
        org["new_ideas"] = list(Idea.objects.filter(organisation__slug=org["slug"], status=Idea.Status.NEW)
                                .values_list("pk", flat=True))
    info["deeds"] = list(Deed.objects.filter(status=Deed.Status.PUBLISHED).values_list("pk", flat=True))
    manifest.write_text(json.dumps(info))


if __name__ == "__main__":
    if sys.argv[1] == "refresh":
        refresh_manifest(Path(sys.argv[2]))
    else:
        load(int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), Path(sys.argv[4]))
