"""The accessibility crawl: visit every page reachable from the front page in headless
Chromium, run axe-core on each and collect what it finds.

What is checked
  axe-core with the WCAG 2.0 and 2.1 level A and AA rules (tags wcag2a, wcag2aa, wcag21a,
  wcag21aa) plus axe's best-practice rules, because those catch what people using screen
  readers and keyboards notice first: one main landmark and all content inside landmarks
  (region), unique landmark names, one h1 and headings in order, a working skip link, no
  positive tabindex, no empty headings or table headers, valid scope attributes.
  Experimental and deprecated rules and review items are left out, so a failure is always
  something to fix, not something to look at.
  Two checks of our own, for what axe cannot see: fields marked invalid come with an error
  summary, and every link in an error summary leads to a field that can take focus.

How pages are found
  Breadth first from the front page and a fixed list of pages (sign-in, sign-up, password
  reset, a page that does not exist…), following same-origin ``<a href>`` links and GET
  forms (filters and search, submitted as they are).
  Left out: the Django admin, the API (except its documentation page, which is the same for
  everybody and scanned by the first role only), signing out, media and static files,
  downloads and exports (csv, xlsx, json, atom…), ``?page=`` beyond 2 and language
  switching (a POST form, never followed).
  To keep the crawl short while the demo grows, pages are grouped by URL pattern (the
  Django route name, or the path with digit runs replaced by ``{id}`` when it does not
  resolve): at most ``per_pattern`` pages per pattern for the first role that reaches it
  and one for each later role, at most ``query_variants`` different sets of query
  parameters per route and one page for each, and at most ``max_pages`` pages per role.
  Every POST form with a required field is submitted once empty (once per page route and
  form in the whole crawl, by the first role that finds it) and the page with the errors
  is scanned.

Keeping it fast
  Two browser tabs take turns: while axe runs in one, the next page loads in the other, so
  the server only ever handles one page at a time (safe with SQLite's shared in-memory test
  database) while both processor cores are busy.
  A page is not scanned again when both its content (the title and ``<main>``) and the
  frame around it (header, navigation, footer) are identical, apart from CSRF tokens, to
  ones already scanned, for any role and on any page: the same list seen by three roles
  with the same navigation is scanned once. Rules that look at the page as a whole (one
  main landmark, unique landmark names, skip link target, headings in order) are checked
  on every combination scanned; a combination never seen together is not re-checked.
"""

from __future__ import annotations

import contextlib
import importlib.util
import re
import time
from collections import Counter, defaultdict, deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.urls import Resolver404, resolve
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
AXE_LEFT_OUT_TAGS = ["experimental", "deprecated", "review-item"]
AXE_OPTIONS = {"resultTypes": ["violations"]}

# Never followed: not pages, not ours to check, or with side effects.
SKIPPED_PREFIXES = ("/django-admin/", "/static/", "/media/", "/i18n/", "/accounts/logout/", "/__")
DOWNLOAD_PATH = re.compile(
    r"(\.(csv|xlsx|xls|json|atom|rss|xml|pdf|zip|ics|txt|png|jpe?g|gif|svg|webp)$)"
    r"|(/(export|download|feed|atom|rss)(/|\.|$))",
    re.IGNORECASE,
)
DOWNLOAD_QUERY_KEYS = {"format", "export", "download"}
MAX_PAGE_NUMBER = 2

# Pages that are the same for everybody and slow to scan: scanned by the first role only.
SAME_FOR_EVERYBODY = ("/api/docs/",)

# Content that script adds after the page's load event: wait for the network to settle.
LATE_CONTENT = '[hx-trigger*="load"], [hx-trigger*="revealed"], [hx-trigger*="intersect"], #swagger-ui'


@cache
def axe_script() -> str:
    """axe-core as shipped by the axe-playwright-python package."""
    spec = importlib.util.find_spec("axe_playwright_python")
    return (Path(spec.origin).parent / "axe.min.js").read_text(encoding="utf-8")


# Starts axe and returns at once; COLLECT_AXE waits for the result.
START_AXE = """([tags, leftOut, options]) => {
  const ids = axe.getRules(tags)
    .filter(rule => !rule.tags.some(tag => leftOut.includes(tag)))
    .map(rule => rule.ruleId);
  window.__latuAxe = axe.run(document, {...options, runOnly: {type: "rule", values: ids}})
    .then(results => results.violations.map(v => ({
      id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
      nodes: v.nodes.map(n => ({target: n.target.map(String), summary: n.failureSummary || ""})),
    })));
}"""
COLLECT_AXE = "() => window.__latuAxe"

# Fingerprints of the page's markup, of its content (the title and <main>) and of the frame
# around it, without what changes from page to page but not for axe: CSRF tokens (64
# letters and digits, masked anew on every page) and the page's own address (?next=…).
FINGERPRINT = """() => {
  const here = location.pathname + location.search;
  const addresses = [here, encodeURIComponent(here), encodeURIComponent(here).replace(/%2F/g, "/")];
  const hash = (text) => {
    text = text.replace(/[A-Za-z0-9]{64}/g, "");
    for (const address of addresses) text = text.split(address).join("");
    let h1 = 0xdeadbeef, h2 = 0x41c6ce57;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 2654435761);
      h2 = Math.imul(h2 ^ c, 1597334677);
    }
    return `${text.length}:${h1 >>> 0}:${h2 >>> 0}`;
  };
  const html = document.documentElement.outerHTML;
  const main = document.querySelector("main");
  if (!main) return {content: hash(html), frame: "whole page"};
  const content = main.outerHTML;
  return {content: hash(document.title + content), frame: hash(html.replace(content, ""))};
}"""

# What axe cannot see about error messages (WCAG 3.3.1, 2.4.3): fields marked invalid need an
# error summary, and each link in the summary must lead to a field that can take focus.
ERROR_SUMMARY = """() => {
  const problems = [];
  const summary = document.querySelector(".error-summary");
  const invalid = document.querySelector("main [aria-invalid=true]");
  if (invalid && !summary) {
    problems.push({rule: "error-summary-missing", target: invalid.name || invalid.id || invalid.tagName,
                   summary: "fields are marked invalid, but there is no error summary ({{ form }} adds one)"});
  }
  for (const link of document.querySelectorAll(".error-summary a[href^='#']")) {
    const target = document.getElementById(decodeURIComponent(link.getAttribute("href").slice(1)));
    const focusable = target && target.matches("input:not([type=hidden]), select, textarea, button, [tabindex]");
    if (!focusable) {
      problems.push({rule: "error-summary-link", target: link.getAttribute("href"),
                     summary: target ? `leads to a <${target.tagName.toLowerCase()}> that cannot take focus`
                                     : "leads to no element on the page"});
    }
  }
  return problems;
}"""

LINKS = """() => Array.from(document.querySelectorAll("a[href]"))
  .filter(a => !a.hasAttribute("download"))
  .map(a => a.href)"""

# Attributes are read with getAttribute: a field named "action" or "method" hides the
# form's own properties of that name.
FORMS = """() => Array.from(document.forms).map((form, index) => {
  const method = (form.getAttribute("method") || "get").toLowerCase();
  const action = new URL(form.getAttribute("action") || "", document.baseURI).href;
  let getUrl = null;
  if (method === "get") {
    const url = new URL(action);
    url.search = new URLSearchParams(new FormData(form)).toString();
    getUrl = url.href;
  }
  return {
    index, method, getUrl, action,
    required: !!form.querySelector("[required]:not([type=hidden])"),
    htmx: form.hasAttribute("hx-post") || form.hasAttribute("hx-get"),
  };
})"""

SUBMIT_EMPTY = """(index) => {
  const form = document.forms[index];
  for (const el of form.elements) {
    if (["hidden", "submit", "button", "reset", "file"].includes(el.type)) continue;
    if (el.type === "checkbox" || el.type === "radio") { el.checked = false; continue; }
    if (el.tagName === "SELECT") { el.selectedIndex = -1; continue; }
    if ("value" in el) el.value = "";
  }
  const submit = form.querySelector("button[type=submit], button:not([type]), input[type=submit]");
  form.requestSubmit(submit || undefined);
}"""


@dataclass(frozen=True)
class Role:
    key: str
    email: str | None  # None: not signed in
    language: str = "fi"
    totp: bool = False  # the role requires two-factor authentication


@dataclass
class Violation:
    role: str
    url: str
    rule: str
    impact: str
    help: str
    help_url: str
    targets: tuple[str, ...]
    summary: str


@dataclass
class RoleResult:
    role: str
    visited: int = 0  # pages loaded
    pages: int = 0  # pages scanned with axe
    same: int = 0  # pages whose content and frame were both scanned already
    forms: int = 0  # forms submitted empty
    seconds: float = 0.0
    truncated: bool = False  # the page cap was reached
    statuses: Counter = field(default_factory=Counter)


@dataclass
class CrawlReport:
    violations: list[Violation] = field(default_factory=list)
    errors: list[tuple[str, str, str]] = field(default_factory=list)  # role, page, what went wrong
    missing: list[tuple[str, str, str]] = field(default_factory=list)  # role, 404 page, page linking to it
    roles: list[RoleResult] = field(default_factory=list)
    scanned: list[tuple[str, str]] = field(default_factory=list)  # role, page (incl. identical ones)
    route_owners: dict[str, str] = field(default_factory=dict)  # route → the first role to reach it
    once: dict[str, str] = field(default_factory=dict)  # SAME_FOR_EVERYBODY page → the role that scans it
    contents: set[str] = field(default_factory=set)  # fingerprints of the <main> content scanned
    frames: set[str] = field(default_factory=set)  # …and of the page around it
    submitted_forms: set[tuple] = field(default_factory=set)

    @property
    def pages(self) -> int:
        return sum(r.pages for r in self.roles)

    def summary(self) -> str:
        lines = [f"{'role':<18}{'loaded':>7}{'axe':>6}{'same':>6}{'forms':>6}{'seconds':>9}  HTTP statuses"]
        for r in self.roles:
            statuses = ", ".join(f"{code}: {n}" for code, n in sorted(r.statuses.items()))
            capped = "  (page cap reached)" if r.truncated else ""
            lines.append(
                f"{r.role:<18}{r.visited:>7}{r.pages:>6}{r.same:>6}{r.forms:>6}{r.seconds:>9.1f}  {statuses}{capped}"
            )
        lines.append(
            f"{'total':<18}{sum(r.visited for r in self.roles):>7}{self.pages:>6}"
            f"{sum(r.same for r in self.roles):>6}{sum(r.forms for r in self.roles):>6}"
            f"{sum(r.seconds for r in self.roles):>9.1f}"
        )
        if self.missing:
            lines.append("Links to pages that do not exist (404):")
            lines += [f"  {role:<16} {url}  (linked from {source})" for role, url, source in self.missing]
        return "\n".join(lines)

    def failure_report(self, max_elements: int = 10, max_places: int = 6) -> str:
        """Every violation, grouped by rule and by the elements that fail, worst first."""
        out: list[str] = []
        order = {"critical": 0, "serious": 1, "moderate": 2, "minor": 3}
        by_rule: dict[str, list[Violation]] = defaultdict(list)
        for v in self.violations:
            by_rule[v.rule].append(v)
        if self.violations:
            pages = {(v.role, v.url) for v in self.violations}
            out.append(
                f"axe-core found {len(self.violations)} violations of {len(by_rule)} rules "
                f"on {len(pages)} of the {self.pages} pages scanned:"
            )
        for rule, items in sorted(by_rule.items(), key=lambda kv: (order.get(kv[1][0].impact, 9), kv[0])):
            first = items[0]
            out += ["", f"[{first.impact}] {rule}: {first.help}", f"    {first.help_url}"]
            by_target: dict[tuple[str, ...], list[Violation]] = defaultdict(list)
            for v in items:
                by_target[v.targets].append(v)
            for targets, places in list(by_target.items())[:max_elements]:
                roles = sorted({p.role for p in places})
                out.append(f"  element: {' '.join(targets)}")
                out.append(f"    why: {places[0].summary}")
                out.append(f"    on {len(places)} page(s) for {', '.join(roles)}, e.g.")
                out += [f"      {p.role:<16} {p.url}" for p in places[:max_places]]
            if len(by_target) > max_elements:
                out.append(f"  … and {len(by_target) - max_elements} more elements")
        if self.errors:
            out += ["", "Pages that failed to load or failed on the server:"]
            out += [f"  {role:<16} {url}: {what}" for role, url, what in self.errors]
        return "\n".join(out)


class Crawler:
    """Crawls the site as one role (in the tabs of one browser context) into a shared report."""

    def __init__(
        self,
        pages: Sequence[Page],
        base_url: str,
        role: Role,
        report: CrawlReport,
        *,
        max_pages: int = 150,
        per_pattern: int = 3,
        query_variants: int = 3,
    ) -> None:
        self.pages = pages
        self.base = urlsplit(base_url)
        self.role = role
        self.report = report
        self.max_pages = max_pages
        self.per_pattern = per_pattern
        self.query_variants = query_variants
        self.result = RoleResult(role.key)
        self.queue: deque[tuple[str, str]] = deque()  # (url, the page that linked to it)
        self.queued: set[str] = set()
        self.scanned: set[str] = set()
        self.pattern_counts: Counter = Counter()
        self.route_variants: dict[str, set[frozenset]] = defaultdict(set)
        self.active = 0  # tabs busy with a page
        for page in pages:
            # The Content-Security-Policy allows no inline code: anything it blocks is a
            # broken page, reported like an HTTP error.
            page.on("console", self.csp_violation(page))

    def csp_violation(self, page: Page):
        def record(message) -> None:
            if message.type == "error" and "Content Security Policy" in message.text:
                self.report.errors.append((self.role.key, self.local(page.url), f"CSP: {message.text[:300]}"))

        return record

    # ---- URLs ---------------------------------------------------------------------

    def normalise(self, url: str) -> str | None:
        """The canonical absolute URL of a page to crawl, or None if it is not crawled."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or parts.netloc != self.base.netloc:
            return None
        path = parts.path or "/"
        if path.startswith(SKIPPED_PREFIXES) or DOWNLOAD_PATH.search(path):
            return None
        if path.startswith("/api/") and not path.startswith("/api/docs/"):
            return None
        if path in SAME_FOR_EVERYBODY and self.report.once.setdefault(path, self.role.key) != self.role.key:
            return None
        query = parse_qsl(parts.query, keep_blank_values=True)
        if {key for key, _ in query} & DOWNLOAD_QUERY_KEYS:
            return None
        for key, value in query:
            if key == "page" and (not value.isdigit() or int(value) > MAX_PAGE_NUMBER):
                return None
        return urlunsplit((parts.scheme, parts.netloc, path, urlencode(sorted(query)), ""))

    def absolute(self, path: str) -> str:
        return urlunsplit((self.base.scheme, self.base.netloc, "", "", "")) + path

    @staticmethod
    def local(url: str) -> str:
        parts = urlsplit(url)
        return parts.path + (f"?{parts.query}" if parts.query else "")

    @staticmethod
    def route(path: str) -> str:
        try:
            match = resolve(path)
        except Resolver404:
            return re.sub(r"\d+", "{id}", path)
        return match.view_name or match.route

    def pattern(self, url: str) -> tuple[str, frozenset]:
        parts = urlsplit(url)
        return self.route(parts.path), frozenset(key for key, _ in parse_qsl(parts.query, keep_blank_values=True))

    def admit(self, url: str) -> bool:
        """Whether a newly found URL fits in its pattern's limits (and count it if so)."""
        route, keys = self.pattern(url)
        variants = self.route_variants[route]
        if keys not in variants and len(variants) >= self.query_variants:
            return False
        if self.pattern_counts[(route, keys)] >= self.limit(route, keys):
            return False
        variants.add(keys)
        self.pattern_counts[(route, keys)] += 1
        return True

    def limit(self, route: str, keys: frozenset) -> int:
        """Pages of one route differ by their objects (/ideas/1/, /ideas/2/…): the first role
        to reach a route scans ``per_pattern`` of them, later roles one, as what differs
        between roles (buttons, links) shows on any of them. The same query parameters with
        other values (?next=…, ?page=2, filters) show the same page: one is enough."""
        if keys:
            return 1
        first = self.report.route_owners.setdefault(route, self.role.key) == self.role.key
        return self.per_pattern if first else 1

    def enqueue(self, url: str, source: str) -> None:
        url = self.normalise(url)
        if url is None or url in self.queued:
            return
        self.queued.add(url)
        if self.admit(url):
            self.queue.append((url, source))

    # ---- crawling -----------------------------------------------------------------

    def crawl(self, start: Sequence[str] = ("/",), always: Sequence[str] = ()) -> RoleResult:
        """Breadth first from ``start``; the pages in ``always`` are scanned whatever the limits."""
        began = time.monotonic()
        for path in always:
            url = self.normalise(self.absolute(path))
            if url and url not in self.queued:
                self.queued.add(url)
                self.admit(url)
                self.queue.append((url, ""))
        for path in start:
            self.enqueue(self.absolute(path), "")
        self.run([self.work(page) for page in self.pages])
        self.result.seconds += time.monotonic() - began
        if self.result not in self.report.roles:
            self.report.roles.append(self.result)
        return self.result

    @staticmethod
    def run(workers: list[Iterator[None]]) -> None:
        """Take turns: each worker runs until it has started axe (or has nothing to do)."""
        while workers:
            for worker in list(workers):
                try:
                    next(worker)
                except StopIteration:
                    workers.remove(worker)

    def work(self, page: Page) -> Iterator[None]:
        while True:
            if not self.queue:
                if not self.active:
                    return
                yield  # the other tab may still find links
                continue
            if self.result.visited >= self.max_pages:
                self.result.truncated = True
                return
            url, source = self.queue.popleft()
            self.active += 1
            try:
                yield from self.visit(page, url, source)
            finally:
                self.active -= 1

    def load(self, page: Page, url: str) -> int | None:
        """Open a page; its HTTP status, or None when it is not a page (a download)."""
        try:
            response = page.goto(url, wait_until="load")
        except PlaywrightError as exc:  # recorded and reported; the crawl goes on
            if "Download is starting" not in str(exc):
                self.report.errors.append((self.role.key, self.local(url), str(exc).splitlines()[0]))
            return None
        return response.status if response is not None else 0

    def visit(self, page: Page, url: str, source: str) -> Iterator[None]:
        self.result.visited += 1
        status = self.load(page, url)
        if status is None:
            return
        final = self.normalise(page.url)
        if final is None:
            return  # redirected out of the crawl
        if final != url:
            # Redirected (e.g. to sign in): scan the target once, within its pattern's limits.
            if final in self.scanned or (final not in self.queued and not self.admit(final)):
                return
            self.queued.add(final)
        self.scanned.add(final)
        self.result.statuses[status] += 1
        label = self.local(final)
        if status >= 500:
            self.report.errors.append((self.role.key, label, f"HTTP {status}"))
        elif status == 404 and source:
            self.report.missing.append((self.role.key, label, self.local(source)))
        for href in page.evaluate(LINKS):
            self.enqueue(href, final)
        forms = page.evaluate(FORMS)
        for form in forms:
            if form["method"] == "get" and form["getUrl"]:
                self.enqueue(form["getUrl"], final)
        yield from self.scan(page, label)
        fresh = True  # the page is as it was served: axe changes nothing
        for form in forms:
            if form["method"] == "post" and form["required"] and self.normalise(form["action"]):
                key = (self.route(urlsplit(final).path), self.route(urlsplit(form["action"]).path), form["index"])
                if key not in self.report.submitted_forms:
                    self.report.submitted_forms.add(key)
                    yield from self.submit_empty(page, final, form, fresh)
                    fresh = False

    def scan(self, page: Page, label: str) -> Iterator[None]:
        """Start axe on the page as it is, yield while it runs, then record what it found."""
        if page.query_selector(LATE_CONTENT) is not None:
            # A page that keeps polling is scanned as it is after the wait.
            with contextlib.suppress(PlaywrightTimeoutError):
                page.wait_for_load_state("networkidle", timeout=5_000)
        self.report.scanned.append((self.role.key, label))
        for problem in page.evaluate(ERROR_SUMMARY):
            self.report.violations.append(
                Violation(
                    role=self.role.key,
                    url=label,
                    rule=problem["rule"],
                    impact="serious",
                    help="Errors are summarised at the top of the form, with links that move focus to the fields",
                    help_url="https://www.w3.org/WAI/WCAG21/Understanding/error-identification.html",
                    targets=(problem["target"],),
                    summary=problem["summary"],
                )
            )
        fingerprint = page.evaluate(FINGERPRINT)
        if fingerprint["content"] in self.report.contents and fingerprint["frame"] in self.report.frames:
            self.result.same += 1
            return
        self.report.contents.add(fingerprint["content"])
        self.report.frames.add(fingerprint["frame"])
        self.result.pages += 1
        page.evaluate(axe_script())
        page.evaluate(START_AXE, [AXE_TAGS, AXE_LEFT_OUT_TAGS, AXE_OPTIONS])
        yield
        for v in page.evaluate(COLLECT_AXE):
            for node in v["nodes"]:
                self.report.violations.append(
                    Violation(
                        role=self.role.key,
                        url=label,
                        rule=v["id"],
                        impact=v["impact"] or "unknown",
                        help=v["help"],
                        help_url=v["helpUrl"].split("?")[0],
                        targets=tuple(node["target"]),
                        summary=" ".join(node["summary"].split())[:300],
                    )
                )

    def submit_empty(self, page: Page, page_url: str, form: dict, fresh: bool) -> Iterator[None]:
        """Submit a form with its fields emptied and scan the page with the errors."""
        if not fresh and self.load(page, page_url) is None:
            return
        label = f"{self.local(page_url)} (form {form['index'] + 1} submitted empty)"
        try:
            if form["htmx"]:
                page.evaluate(SUBMIT_EMPTY, form["index"])
                with contextlib.suppress(PlaywrightTimeoutError):
                    page.wait_for_load_state("networkidle", timeout=5_000)
            else:
                with page.expect_navigation(wait_until="load") as navigation:
                    page.evaluate(SUBMIT_EMPTY, form["index"])
                response = navigation.value
                if response is not None and response.status >= 500:
                    self.report.errors.append((self.role.key, label, f"HTTP {response.status}"))
        except PlaywrightError as exc:  # recorded and reported; the crawl goes on
            self.report.errors.append((self.role.key, label, f"could not submit: {str(exc).splitlines()[0]}"))
            return
        self.result.forms += 1
        yield from self.scan(page, label)

    def scan_document(self, html: str, label: str) -> None:
        """Scan markup that no link leads to (the server error page), served from the site."""
        page = self.pages[0]
        began = time.monotonic()
        self.load(page, self.absolute("/"))
        page.set_content(html, wait_until="load")
        self.run([self.scan(page, label)])
        self.result.seconds += time.monotonic() - began
