"""The people of the load and fault tests, what they do, and the ledger of the writes
the server acknowledged (checked against the database afterwards).

- **Readers** (anonymous) browse Tekojen tori: the list, searches and deed pages.
- **Employees** sign in, read their organisation's ideas, support ideas and send
  new ones (the HTML forms, as a browser would), then sign out; the next person of
  the organisation takes the seat.
- **Innovators** (organisation-wide) sign in, open the board, evaluate new ideas
  (scores on every criterion, which moves an idea to evaluation) and decide some.

A write counts as acknowledged when the server answered it with the redirect of
success; the ledger keeps what it got (the new idea's id from the ``Location``).
A write whose answer did not come (connection refused or reset, a timeout, a 5xx) is
sent again with the same contents, the idea with the same idempotency token, a few
times with a growing pause: a browser's user would press the button again.
"""

from __future__ import annotations

import asyncio
import random
import re
import time
from dataclasses import dataclass, field

from client import Browser, ConnectionFailed, Endpoints, Response, Stats, hidden

RETRIES = 4  # a write sent again after no answer or a 5xx: 1 + 2 + 4 + 8 s of pauses
SESSION_ACTIONS = (10, 20)  # actions of an employee between signing in and out
IDEAS_PER_SESSION = 3  # under the hourly limit of ten ideas per person


@dataclass
class Ledger:
    """Writes the server acknowledged, with what identifies them in the database."""

    ideas: dict[str, int] = field(default_factory=dict)  # idempotency token → idea id
    idea_authors: dict[int, str] = field(default_factory=dict)  # idea id → author email
    supports: set[tuple[int, str]] = field(default_factory=set)  # (idea id, email)
    evaluations: dict[tuple[int, str, int], int] = field(default_factory=dict)  # (idea, email, criterion) → score
    decisions: set[tuple[int, str, str]] = field(default_factory=set)  # (idea id, email, kind)
    retried: int = 0  # writes sent again after no answer
    retried_ok: int = 0  # … acknowledged on a later try
    given_up: int = 0  # writes never acknowledged (the person saw an error)

    def counts(self) -> dict[str, int]:
        return {"ideas": len(self.ideas), "supports": len(self.supports), "evaluations": len(self.evaluations),
                "decisions": len(self.decisions)}


class World:
    """What every simulated person shares: the data, the ledger, the figures, the clock."""

    def __init__(self, manifest: dict, endpoints: Endpoints, stats: Stats, ledger: Ledger, think: float,
                 until: float, seed: int = 1) -> None:
        self.manifest = manifest
        self.endpoints = endpoints
        self.stats = stats
        self.ledger = ledger
        self.think_mean = think
        self.until = until
        self.rng = random.Random(seed)
        self.people = {org["slug"]: list(org["employees"]) for org in manifest["organisations"]}
        self.next_person = dict.fromkeys(self.people, 0)
        self.ideas = {org["slug"]: list(org["ideas"]) for org in manifest["organisations"]}
        # New ideas waiting for an innovator; each is taken by one (no two decide the same idea).
        self.queue = {org["slug"]: list(org["new_ideas"]) for org in manifest["organisations"]}
        self.innovators = [(org["slug"], email) for org in manifest["organisations"] for email in org["innovators"]]
        self.rng.shuffle(self.innovators)
        self.searches = manifest["searches"]
        self.deeds = manifest["deeds"]
        self.slugs = sorted(self.people)

    def running(self) -> bool:
        return time.monotonic() < self.until

    async def think(self) -> None:
        await asyncio.sleep(self.rng.uniform(0.4, 1.6) * self.think_mean)

    def person(self, slug: str) -> str:
        people = self.people[slug]
        email = people[self.next_person[slug] % len(people)]
        self.next_person[slug] += 1
        return email


async def timed(world: World, browser: Browser, kind: str, method: str, path: str, form=None,
                expect: tuple[int, ...] = (200,), headers=None) -> Response | None:
    """One request, timed and counted; None when no answer came."""
    started = time.perf_counter()
    try:
        response = await browser.request(method, path, form, headers)
    except ConnectionFailed as error:
        world.stats.add(kind, time.perf_counter() - started, None, False, f"{method} {path}: {error}")
        return None
    ok = response.status in expect
    detail = "" if ok else f"{method} {path}: {response.status} {_title(response)}"
    if not ok and response.status >= 500 and b"<title>" not in response.body:
        detail += " [no error page]"
    world.stats.add(kind, time.perf_counter() - started, response.status, ok, detail)
    return response


def _title(response: Response) -> str:
    match = re.search(r"<title>(.*?)</title>", response.text, re.S)
    return match.group(1).strip()[:80] if match else response.text[:80].replace("\n", " ")


async def write(world: World, browser: Browser, kind: str, path: str, form: dict,
                expect: tuple[int, ...] = (302,), headers: dict[str, str] | None = None) -> Response | None:
    """A POST sent again (same contents) while no answer or a 5xx comes back."""
    for attempt in range(RETRIES + 1):
        if attempt:
            world.ledger.retried += 1
            await asyncio.sleep(2 ** (attempt - 1))
            form = {**form, "csrfmiddlewaretoken": browser.cookies.get("csrftoken", "")}
        response = await timed(world, browser, kind if not attempt else f"{kind} (again)", "POST", path, form,
                               expect=expect, headers=headers)
        if response is not None and response.status < 500:
            if attempt and response.status in expect:
                world.ledger.retried_ok += 1
            return response
    world.ledger.given_up += 1
    return None


def _token(browser: Browser) -> str:
    return browser.cookies.get("csrftoken", "")


# --- readers ----------------------------------------------------------------------------------


async def reader(world: World) -> None:
    rng = world.rng
    while world.running():
        browser = Browser(world.endpoints)  # a new visitor
        for _ in range(rng.randint(3, 8)):
            if not world.running():
                break
            r = rng.random()
            if r < 0.3:
                page = rng.choice(["", "", "?page=2", "?page=3", "?sort=adopted"])
                await timed(world, browser, "tori list", "GET", f"/tori/{page}")
            elif r < 0.55:
                await timed(world, browser, "tori search", "GET", f"/tori/?q={_q(rng.choice(world.searches))}")
            else:
                await timed(world, browser, "deed page", "GET", f"/tori/{rng.choice(world.deeds)}/")
            await world.think()
        await browser.close()


def _q(text: str) -> str:
    from urllib.parse import quote

    return quote(text)


# --- employees and innovators -----------------------------------------------------------------


async def sign_in(world: World, browser: Browser, email: str) -> bool:
    page = await timed(world, browser, "sign-in page", "GET", "/accounts/login/")
    if page is None or page.status != 200:
        return False
    form = {"csrfmiddlewaretoken": _token(browser), "login": email, "password": world.manifest["password"]}
    response = await write(world, browser, "sign in", "/accounts/login/", form)
    return not (response is None or response.status != 302 or "/accounts/login" in response.header("location"))


async def sign_out(world: World, browser: Browser) -> None:
    await timed(world, browser, "sign out", "POST", "/accounts/logout/",
                {"csrfmiddlewaretoken": _token(browser)}, expect=(302,))
    await browser.close()


async def employee(world: World, slug: str, weights: dict[str, float] | None = None) -> None:
    rng = world.rng
    weights = weights or {"list": 0.3, "idea": 0.3, "support": 0.2, "submit": 0.15, "mine": 0.05}
    actions, action_weights = zip(*weights.items(), strict=True)
    while world.running():
        browser = Browser(world.endpoints)
        email = world.person(slug)
        if not await sign_in(world, browser, email):
            await browser.close()
            await world.think()
            continue
        await world.think()
        sent = 0
        for _ in range(rng.randint(*SESSION_ACTIONS)):
            if not world.running():
                break
            action = rng.choices(actions, action_weights)[0]
            if action == "submit" and sent >= IDEAS_PER_SESSION:
                action = "support"
            if action == "list":
                page = rng.choice(["", "", "?page=2", "?sort=supported", "?status=new"])
                await timed(world, browser, "idea list", "GET", f"/o/{slug}/ideas/{page}")
            elif action == "idea":
                await timed(world, browser, "idea page", "GET", f"/ideas/{rng.choice(world.ideas[slug])}/")
            elif action == "mine":
                await timed(world, browser, "my ideas", "GET", "/ideas/mine/")
            elif action == "support":
                await support(world, browser, slug, email)
            else:
                sent += await submit(world, browser, slug, email)
            await world.think()
        await sign_out(world, browser)


async def support(world: World, browser: Browser, slug: str, email: str) -> None:
    for _ in range(5):
        pk = world.rng.choice(world.ideas[slug])
        if world.ledger.idea_authors.get(pk) != email and (pk, email) not in world.ledger.supports:
            break
    else:
        return
    # As the page's htmx does: 200 with the new button, or 400 with the reason (one's own idea).
    response = await write(world, browser, "support", f"/ideas/{pk}/support/",
                           {"csrfmiddlewaretoken": _token(browser)}, expect=(200, 400),
                           headers={"HX-Request": "true"})
    if response is not None and response.status == 200:
        world.ledger.supports.add((pk, email))


async def submit(world: World, browser: Browser, slug: str, email: str) -> int:
    page = await timed(world, browser, "idea form", "GET", f"/o/{slug}/ideas/new/")
    if page is None or page.status != 200:
        return 0
    await asyncio.sleep(world.rng.uniform(1, 3) * world.think_mean)  # writing the idea
    if not world.running():
        return 0
    number = len(world.ledger.ideas) + world.ledger.given_up + 1
    token = hidden(page.text, "token")
    form = {
        "csrfmiddlewaretoken": _token(browser), "token": token,
        "title": f"Kuormitustestin idea {number}: työvuorojen vaihto sovelluksella",
        "description": "Työvuorojen vaihtaminen kollegan kanssa vie nyt puheluita ja sähköposteja. "
                       "Ehdotan, että vaihdot sovitaan yhteisessä sovelluksessa, josta esihenkilö hyväksyy ne.",
        "problem": "Vaihtojen sopiminen vie aikaa ja tieto katoaa.",
        "proposal": "Otetaan käyttöön vuoronvaihtojen tori ja kokeillaan sitä kolme kuukautta.",
        "beneficiaries": "Hoitajat ja esihenkilöt",
        "unit": _selected(page.text, "unit"), "strategy_goal": "",
    }
    response = await write(world, browser, "submit idea", f"/o/{slug}/ideas/new/", form)
    if response is None or response.status != 302:
        return 1
    match = re.search(r"/ideas/(\d+)/", response.header("location"))
    if match:
        pk = int(match.group(1))
        world.ledger.ideas[token] = pk
        world.ledger.idea_authors[pk] = email
        world.ideas[slug].append(pk)
        world.queue[slug].insert(0, pk)  # the innovators take the newest first
    return 1


def _selected(html: str, name: str) -> str:
    select = re.search(rf'<select[^>]*name="{name}".*?</select>', html, re.S)
    if not select:
        return ""
    option = re.search(r'<option value="([^"]*)"[^>]*selected', select.group(0))
    return option.group(1) if option else ""


async def innovator(world: World, slug: str, email: str) -> None:
    rng = world.rng
    browser = Browser(world.endpoints)
    while world.running() and not await sign_in(world, browser, email):
        await world.think()
    await world.think()
    while world.running():
        await timed(world, browser, "innovator board", "GET", f"/o/{slug}/board/")
        await world.think()
        if not world.queue[slug] or not world.running():
            continue
        pk = world.queue[slug].pop(0)
        await timed(world, browser, "idea page", "GET", f"/ideas/{pk}/")
        await world.think()
        page = await timed(world, browser, "evaluation form", "GET", f"/ideas/{pk}/evaluate/")
        if page is None or page.status != 200:
            continue
        await world.think()
        criteria = sorted({int(n) for n in re.findall(r'name="score_(\d+)"', page.text)})
        scores = {c: rng.randint(1, 5) for c in criteria}
        form = {"csrfmiddlewaretoken": _token(browser), **{f"score_{c}": str(s) for c, s in scores.items()},
                **{f"note_{c}": "" for c in criteria}}
        response = await write(world, browser, "evaluate", f"/ideas/{pk}/evaluate/", form)
        if response is not None and response.status == 302:
            for criterion, score in scores.items():
                world.ledger.evaluations[(pk, email, criterion)] = score
        else:
            continue
        if rng.random() < 0.3 and world.running():
            await world.think()
            page = await timed(world, browser, "decision form", "GET", f"/ideas/{pk}/decide/")
            if page is None or page.status != 200:
                continue
            kind = rng.choice(["implement", "decline"])
            form = {"csrfmiddlewaretoken": _token(browser), "kind": kind, "version": hidden(page.text, "version"),
                    "reason": "Arvioitu kuormitustestissä: hyöty ja vaiva punnittu kriteerien mukaan.",
                    "forum": "", "merge_into": ""}
            # 409: the idea changed meanwhile (another decision won) – a clear answer, not an error.
            response = await write(world, browser, "decide", f"/ideas/{pk}/decide/", form, expect=(302, 409))
            if response is not None and response.status == 302:
                world.ledger.decisions.add((pk, email, kind))
        await world.think()
    await sign_out(world, browser)


def people(world: World, users: int, mix: tuple[float, float, float],
           employee_weights: dict[str, float] | None = None) -> list:
    """The coroutines of ``users`` people: readers, employees and innovators in ``mix``."""
    readers = round(users * mix[0])
    innovators = min(len(world.innovators), round(users * mix[2]))
    employees = users - readers - innovators
    jobs = [reader(world) for _ in range(readers)]
    jobs += [employee(world, world.slugs[i % len(world.slugs)], employee_weights) for i in range(employees)]
    jobs += [innovator(world, slug, email) for slug, email in world.innovators[:innovators]]
    return jobs
