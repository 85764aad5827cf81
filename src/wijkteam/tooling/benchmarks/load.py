"""Load a running server with a realistic mix of logged-in work: ``wijkteam loadtest``.

The command runs next to the server, on the same database (it reads the generated city to
choose who logs in and what they open). Every visitor logs in through the real login page
with a password set for this run and the code of their real TOTP device, takes an API token
through "Mijn account", and then works: household files, "Mijn werk", the caseload (team
leaders), API household reads, note and action writes, a household search. Then the same
number of clients ask ``/health/`` (the middleware and one ``SELECT 1``: the floor) for a
shorter time, so the report has the server's own ceiling from the same run.

A small threaded client on httpx instead of locust: locust wants gevent's monkey-patching,
which does not mix with the Django process (and pytest) this runs in; a thread per visitor
with one ``httpx.Client`` each is all a closed loop or a fixed arrival rate needs.
See docs/benchmark.md, "Load test".
"""

from __future__ import annotations

import dataclasses
import math
import os
import queue
import random
import re
import secrets
import statistics
import threading
import time
from collections.abc import Callable
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit

import httpx
from django.db.models import Count
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from wijkteam.accounts.models import ApiToken, Membership, Role, User
from wijkteam.casework.choices import ActionStatus, Phase
from wijkteam.casework.models import Action, Trajectory

MEMBER_MIX = {  # weights per step of a team member; ~10% note writes as the issue asks
    "household_file": 30,
    "my_work": 15,
    "api_household": 20,
    "note_write": 10,
    "action_write": 10,
    "search": 15,
}
LEADER_MIX = {"caseload": 50, "my_work": 25, "search": 25}
KINDS = sorted(set(MEMBER_MIX) | set(LEADER_MIX) | {"action_form"})
MAX_REQUESTS = 200_000  # a bound whatever the arguments
TIMEOUT = 30.0


class LoadError(Exception):
    """The run cannot start (no city, login refused): a clear message for the command."""


@dataclasses.dataclass
class Visitor:
    username: str
    password: str
    device_id: int
    leader: bool
    households: list[int]
    search: str
    action: tuple[int, int] | None  # (household, action) this person may edit


def visitors_prepare(*, users: int, city: str | None = None) -> list[Visitor]:
    """Choose ``users`` generated people (about one in five a team leader) and give each a
    password for this run. Only people of a generated city (``bench-`` login names)."""
    memberships = Membership.objects.filter(
        user__username__startswith="bench-", valid_until__isnull=True
    ).select_related("municipality")
    if city:
        memberships = memberships.filter(municipality__name=city)
    leaders = list(
        memberships.filter(role=Role.TEAM_LEADER)
        .order_by("user_id")
        .values_list("user_id", flat=True)
    )
    busy = (
        Trajectory.objects.exclude(phase=Phase.CLOSED)
        .filter(coordinator_id__in=memberships.filter(role=Role.TEAM_MEMBER).values("user_id"))
        .values("coordinator_id")
        .annotate(n=Count("pk"))
        .order_by("-n", "coordinator_id")
    )
    members = [row["coordinator_id"] for row in busy[: users * 2]]
    if not members:
        raise LoadError("No generated city with open work: run `wijkteam generate_city` first.")
    n_leaders = min(len(leaders), users // 5 + (1 if users >= 2 else 0))
    chosen = leaders[:n_leaders] + members[: users - n_leaders]
    return [_visitor(User.objects.get(pk=pk), leader=pk in leaders) for pk in chosen]


def _visitor(user: User, *, leader: bool) -> Visitor:
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        raise LoadError(f"{user.username} has no confirmed TOTP device.")
    password = secrets.token_urlsafe(18)
    user.set_password(password)
    user.save(update_fields=["password"])
    # The API tokens earlier runs took end with their password, as a password change ends
    # them; otherwise the eleventh run would meet the limit of valid tokens per person.
    ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
    open_work = Trajectory.objects.filter(coordinator=user).exclude(phase=Phase.CLOSED)
    households = list(
        open_work.order_by("household_id").values_list("household_id", flat=True)[:20]
    )
    action = (
        Action.objects.filter(
            plan__household_id__in=households, plan__is_current=True, status=ActionStatus.OPEN
        )
        .order_by("pk")
        .values_list("plan__household_id", "pk")
        .first()
    )
    first = open_work.select_related("household").order_by("household_id").first()
    membership = Membership.objects.filter(user=user, valid_until__isnull=True).first()
    if leader and membership is not None and membership.team_id is not None:
        team_work = Trajectory.objects.filter(household__team_id=membership.team_id)
        first = team_work.select_related("household").order_by("household_id").first()
    name = first.household.name if first else ""
    return Visitor(
        username=user.username,
        password=password,
        device_id=device.pk,
        leader=leader,
        households=households,
        search=(name.split() or ["a"])[-1][:30],
        action=action,
    )


class _Forms(HTMLParser):
    """The fields of every POST form on a page, by the form's action."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: dict[str, dict[str, str]] = {}
        self._form: dict[str, str] | None = None
        self._select: str | None = None
        self._textarea: str | None = None
        self._first_option: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("method", "").lower() == "post":
            self._form = self.forms.setdefault(a.get("action", ""), {})
        if self._form is None:
            return
        name = a.get("name", "")
        if tag == "input" and name and a.get("type") not in ("checkbox", "radio", "submit"):
            self._form[name] = a.get("value", "")
        elif tag == "input" and name and "checked" in a:
            self._form[name] = a.get("value", "on")
        elif tag == "select":
            self._select, self._first_option = name, None
        elif tag == "option" and self._select:
            value = a.get("value", "")
            if self._first_option is None:
                self._first_option = value
                self._form.setdefault(self._select, value)
            if "selected" in a:
                self._form[self._select] = value
        elif tag == "textarea":
            self._textarea = name
            self._form[name] = ""

    def handle_data(self, data: str) -> None:
        if self._form is not None and self._textarea:
            self._form[self._textarea] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def _forms(html: str) -> dict[str, dict[str, str]]:
    parser = _Forms()
    parser.feed(html)
    return parser.forms


_FORM_TAG = re.compile(r"<form\b[^>]*>", re.IGNORECASE)
_ACTION = re.compile(r"""\baction\s*=\s*["']([^"']*)["']""", re.IGNORECASE)


def _form(html: str, action: str) -> dict[str, str]:
    """The fields of the POST form posting to ``action`` ("": the page's own form). Only
    that form's markup is parsed: a client that parsed every page whole took CPU the server
    under test shares with it."""
    for tag in _FORM_TAG.finditer(html):
        found = _ACTION.search(tag.group(0))
        if urlsplit(found.group(1) if found else "").path != action:
            continue
        end = html.find("</form>", tag.end())
        chunk = html[tag.start() : end + len("</form>") if end >= 0 else len(html)]
        for url, fields in _forms(chunk).items():
            if urlsplit(url).path == action:
                return dict(fields)
    raise LoadError(f"No form posting to {action} on the page.")


@dataclasses.dataclass
class Sample:
    kind: str
    ms: float
    error: str  # "" when the answer was what the step expects


class Session:
    """One logged-in visitor: an httpx client with the session cookie and an API token."""

    def __init__(self, base_url: str, visitor: Visitor, seed: int) -> None:
        self.visitor = visitor
        self.client = httpx.Client(base_url=base_url, timeout=TIMEOUT, follow_redirects=False)
        self.rng = random.Random(seed)  # noqa: S311 - a load mix, not secrets
        self.token = ""
        self.writes = 0
        # The first steps go through every kind of the mix once (in a random order), so a
        # short run still has every kind; after that the weights decide.
        mix = LEADER_MIX if visitor.leader else MEMBER_MIX
        self.first_round = self.rng.sample(list(mix), len(mix))

    def login(self) -> None:
        client, v = self.client, self.visitor
        page = client.get("/login/")
        fields = _form(page.text, "")  # the page's own form has no action
        fields.update(username=v.username, password=v.password)
        answer = client.post("/login/", data=fields)
        if answer.status_code != 302 or "/mfa/" not in answer.headers.get("location", ""):
            raise LoadError(f"Login refused for {v.username} ({answer.status_code}).")
        page = client.get("/mfa/verify/")
        device = TOTPDevice.objects.get(pk=v.device_id)
        code = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token()
        fields = _form(page.text, "")
        fields["code"] = f"{code:0{device.digits}d}"
        answer = client.post("/mfa/verify/", data=fields)
        if answer.status_code != 302:
            raise LoadError(f"Second factor refused for {v.username} ({answer.status_code}).")
        if not v.leader:
            fields = _form(client.get("/account/").text, "/account/api-token/")
            page = client.post("/account/api-token/", data=fields)
            marker = 'data-testid="api-token">'
            start = page.text.find(marker)
            if page.status_code != 200 or start < 0:
                raise LoadError(f"No API token for {v.username} ({page.status_code}).")
            self.token = page.text[start + len(marker) :].split("<", 1)[0].strip()

    def step(self) -> list[Sample]:
        mix = LEADER_MIX if self.visitor.leader else MEMBER_MIX
        if self.first_round:
            kind = self.first_round.pop()
        else:
            kind = self.rng.choices(list(mix), weights=list(mix.values()))[0]
        if kind == "action_write" and self.visitor.action is None:
            kind = "household_file"
        step: Callable[[], list[Sample]] = getattr(self, f"_{kind}")
        return step()

    def _get(self, kind: str, url: str, **kwargs: Any) -> tuple[Sample, httpx.Response | None]:
        return self._call(kind, "GET", url, {200}, **kwargs)

    def _call(
        self, kind: str, method: str, url: str, expect: set[int], **kwargs: Any
    ) -> tuple[Sample, httpx.Response | None]:
        start = time.perf_counter()
        try:
            answer = self.client.request(method, url, **kwargs)
        except httpx.HTTPError as failure:
            return Sample(kind, (time.perf_counter() - start) * 1000, type(failure).__name__), None
        ms = (time.perf_counter() - start) * 1000
        problem = ""
        if "database is locked" in answer.text:
            problem = "database is locked"
        elif answer.status_code not in expect:
            problem = f"HTTP {answer.status_code}"
        return Sample(kind, ms, problem), answer

    def _household(self) -> int:
        return self.rng.choice(self.visitor.households)

    def _household_file(self) -> list[Sample]:
        return [self._get("household_file", f"/households/{self._household()}/")[0]]

    def _my_work(self) -> list[Sample]:
        return [self._get("my_work", "/my-work/")[0]]

    def _caseload(self) -> list[Sample]:
        return [self._get("caseload", "/caseload/")[0]]

    def _search(self) -> list[Sample]:
        return [self._get("search", "/households/", params={"q": self.visitor.search})[0]]

    def _api_household(self) -> list[Sample]:
        url = f"/api/v1/households/{self._household()}/"
        headers = {"Authorization": f"Token {self.token}"}
        return [self._get("api_household", url, headers=headers)[0]]

    def _note_write(self) -> list[Sample]:
        household = self._household()
        read, page = self._get("household_file", f"/households/{household}/")
        if page is None or read.error:
            return [read]
        url = f"/households/{household}/notes/"
        fields = _form(page.text, url)
        fields.update(kind="phone", text=f"Belafspraak nagebeld (belasting {self.writes}).")
        self.writes += 1
        return [read, self._call("note_write", "POST", url, {302}, data=fields)[0]]

    def _action_write(self) -> list[Sample]:
        assert self.visitor.action is not None
        household, action = self.visitor.action
        url = f"/households/{household}/actions/{action}/"
        read, page = self._get("action_form", url)
        if page is None or read.error:
            return [read]
        fields = _form(page.text, "")
        text = fields.get("text", "").removesuffix(" (nagekeken)")
        fields["text"] = text if self.writes % 2 else f"{text[:200]} (nagekeken)"
        self.writes += 1
        return [read, self._call("action_write", "POST", url, {302}, data=fields)[0]]

    def _health(self) -> list[Sample]:
        return [self._get("health", "/health/")[0]]


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = max(0, math.ceil(q / 100 * len(ordered)) - 1)
    return round(ordered[index], 1)


def _figures(samples: list[Sample], seconds: float) -> dict[str, Any]:
    times = [s.ms for s in samples]
    return {
        "requests": len(samples),
        "rps": round(len(samples) / seconds, 1) if seconds > 0 else 0.0,
        "p50": _percentile(times, 50) if times else 0.0,
        "p95": _percentile(times, 95) if times else 0.0,
        "p99": _percentile(times, 99) if times else 0.0,
        "mean": round(statistics.fmean(times), 1) if times else 0.0,
        "errors": sum(1 for s in samples if s.error),
    }


def _drive(
    sessions: list[Session],
    work: Callable[[Session], list[Sample]],
    *,
    duration: float,
    rate: float | None,
) -> tuple[list[Sample], float, int]:
    """Closed loop (every session back-to-back) or a fixed arrival rate (a schedule shared by
    the sessions; a step's time counts from its planned start, so a server that falls behind
    shows in the latency, not in a quietly lower rate). Returns samples, seconds, late steps."""
    samples: list[Sample] = []
    lock = threading.Lock()
    start = time.perf_counter()
    end = start + duration
    late = 0
    planned: queue.Queue[float] = queue.Queue()
    if rate:
        for i in range(min(int(rate * duration), MAX_REQUESTS)):
            planned.put(start + i / rate)

    def loop(session: Session) -> None:
        nonlocal late
        count = 0
        while count < MAX_REQUESTS // max(1, len(sessions)):
            if rate:
                try:
                    at = planned.get_nowait()
                except queue.Empty:
                    return
                wait = at - time.perf_counter()
                if wait > 0:
                    time.sleep(wait)
                elif wait < -0.1:
                    with lock:
                        late += 1
            elif time.perf_counter() >= end and not (work is Session.step and session.first_round):
                return
            begun = time.perf_counter()
            got = work(session)
            if rate:  # the queueing delay belongs to the first request of the step
                got[0].ms += max(0.0, (begun - at) * 1000)
            count += 1
            with lock:
                samples.extend(got)

    threads = [threading.Thread(target=loop, args=(s,), daemon=True) for s in sessions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=duration + 2 * TIMEOUT + 5)
    return samples, max(time.perf_counter() - start, 1e-9), late


def run_load(
    *,
    base_url: str,
    duration: float,
    mode: str = "closed",
    users: int = 10,
    rate: float | None = None,
    floor_duration: float | None = None,
    city: str | None = None,
    seed: int = 42,
) -> dict[str, Any]:
    """Log the visitors in, run the mix, then the floor; the report as a dict of numbers."""
    host = urlsplit(base_url).hostname or ""
    if host not in ("127.0.0.1", "localhost", "::1"):
        raise LoadError("The load test runs against this machine only (127.0.0.1/localhost).")
    if mode == "rate" and not rate:
        raise LoadError("--mode rate needs --rate (requests per second).")
    visitors = visitors_prepare(users=users, city=city)
    sessions = [Session(base_url, v, seed + i) for i, v in enumerate(visitors)]
    # The machine's load average at the start and the end: on a shared host the figures only
    # mean something next to it (docs/benchmark.md).
    load_start = [round(x, 2) for x in os.getloadavg()]
    try:
        for session in sessions:
            session.login()
        mix_rate = rate if mode == "rate" else None
        samples, seconds, late = _drive(sessions, Session.step, duration=duration, rate=mix_rate)
        floor_seconds = floor_duration if floor_duration is not None else max(1.0, duration / 3)
        floor_samples, floor_elapsed, _ = _drive(
            sessions, Session._health, duration=floor_seconds, rate=None
        )
    finally:
        for session in sessions:
            session.client.close()
    kinds = {
        kind: _figures([s for s in samples if s.kind == kind], seconds)
        for kind in KINDS
        if any(s.kind == kind for s in samples)
    }
    overall = _figures(samples, seconds)
    floor = _figures(floor_samples, floor_elapsed)
    messages: dict[str, int] = {}
    for s in samples + floor_samples:
        if s.error:
            messages[f"{s.kind}: {s.error}"] = messages.get(f"{s.kind}: {s.error}", 0) + 1
    return {
        "mode": mode,
        "users": len(sessions),
        "leaders": sum(1 for v in visitors if v.leader),
        "rate": rate if mode == "rate" else None,
        "duration_s": round(seconds, 2),
        "late_steps": late,
        "overall": overall,
        "kinds": kinds,
        "floor": floor | {"path": "/health/", "duration_s": round(floor_elapsed, 2)},
        "ratio": {  # the mix against the floor, same server, same run, same clients
            "rps": round(overall["rps"] / floor["rps"], 3) if floor["rps"] else 0.0,
            "p50": round(overall["p50"] / floor["p50"], 1) if floor["p50"] else 0.0,
        },
        "load_average": {"start": load_start, "end": [round(x, 2) for x in os.getloadavg()]},
        "errors": {
            "total": overall["errors"] + floor["errors"],
            "locked": sum(1 for s in samples + floor_samples if s.error == "database is locked"),
            "by_kind": messages,
        },
    }


IMPORT_ROWS = 501  # above socialmap.background.BACKGROUND_ROWS: the import is a job
JOB_WAIT_SECONDS = 90.0


def servers_check(*, base_url: str, other_url: str, city: str | None = None) -> dict[str, Any]:
    """Two app servers, one database: log a team leader in on `base_url`, then send every
    next request to the other server and back: the session is known on both, a file uploaded
    on one is mapped on the other, and the import job it starts (run by the job worker) is
    followed to its end on the first. Returns the steps with the server each ran on."""
    for url in (base_url, other_url):
        if (urlsplit(url).hostname or "") not in ("127.0.0.1", "localhost", "::1"):
            raise LoadError("The check runs against this machine only (127.0.0.1/localhost).")
    leader = next((v for v in visitors_prepare(users=2, city=city) if v.leader), None)
    if leader is None:
        raise LoadError("No team leader in the generated city.")
    first = Session(base_url, leader, seed=0)
    steps: list[dict[str, Any]] = []
    try:
        first.login()  # password and TOTP on the first server
        other = httpx.Client(
            base_url=other_url,
            timeout=TIMEOUT,
            follow_redirects=False,
            cookies=first.client.cookies,
        )
        servers = {"A": first.client, "B": other}

        def call(server: str, method: str, url: str, expect: int, **kwargs: Any) -> httpx.Response:
            answer = servers[server].request(method, url, **kwargs)
            steps.append(
                {"server": server, "request": f"{method} {url}", "status": answer.status_code}
            )
            if answer.status_code != expect:
                raise LoadError(f"{method} {url} on server {server}: {answer.status_code}")
            return answer

        call("B", "GET", "/my-work/", 200)  # the session made on A, known on B
        upload = call("B", "GET", "/socialmap/import/", 200)
        fields = _form(upload.text, "")
        tag = secrets.token_hex(4)
        csv = "external_id,name,provider,type\n" + "".join(
            f"check-{tag}-{i},Dienst {tag} {i},Stichting controle {i % 7},general\n"
            for i in range(IMPORT_ROWS)
        )
        files = {"file": (f"check-{tag}.csv", csv.encode(), "text/csv")}
        answer = call("B", "POST", "/socialmap/import/", 302, data=fields, files=files)
        mapping_url = answer.headers["location"]
        mapping = call("A", "GET", mapping_url, 200)  # the upload, read on the other server
        answer = call("A", "POST", mapping_url, 302, data=_form(mapping.text, ""))
        preview_url = answer.headers["location"]
        preview = call("B", "GET", preview_url, 200)
        fields = _form(preview.text, "") | {"mode": "valid"}
        result_url = call("B", "POST", preview_url, 302, data=fields).headers["location"]
        deadline = time.monotonic() + JOB_WAIT_SECONDS
        while True:  # the worker runs the job; the progress is read on server A
            fragment = call("A", "GET", result_url, 200, headers={"HX-Request": "true"})
            if 'data-done="true"' in fragment.text or time.monotonic() > deadline:
                break
            time.sleep(1)
        if 'data-done="true"' not in fragment.text or 'data-stopped="true"' in fragment.text:
            raise LoadError(f"The import job did not finish within {JOB_WAIT_SECONDS:.0f} s.")
        result = call("B", "GET", result_url, 200)
        if f"{IMPORT_ROWS} nieuw" not in result.text and f"{IMPORT_ROWS} new" not in result.text:
            raise LoadError(f"The import's result page does not say {IMPORT_ROWS} new services.")
        other.close()
    finally:
        first.client.close()
    return {"ok": True, "user": leader.username, "rows_imported": IMPORT_ROWS, "steps": steps}
