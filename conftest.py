"""Shared fixtures: named personas, the pinned clock and the browser set-up (Debian's chromium,
axe-core)."""

import datetime
import os
import zoneinfo
from dataclasses import dataclass
from pathlib import Path

import pytest

from clusterwerk.accounts.models import Role, RoleAssignment, User
from clusterwerk.core.models import Cluster

CHROMIUM = Path("/usr/bin/chromium")
PASSWORD = "Clusterwerk-Test-2026!"


def pytest_configure(config):
    """Tests keep the cache in the process (LocMem), cleared per test (`empty_cache`); the
    embedded default of the settings is the database cache shared by all processes."""
    from django.test.utils import override_settings

    override_settings(
        CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    ).enable()


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Hashing with PBKDF2 costs ~0.3 s per user; tests do not need it to be slow."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def german_to_start_with():
    """Every test starts in German, the site's language: a request in English activates
    English for the rest of its thread (LocaleMiddleware does not switch back), which would
    otherwise leak into the next test of the same worker."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


IMMEDIATE_TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        "QUEUES": ["default"],
    }
}


@pytest.fixture(autouse=True)
def tasks_run_immediately(settings):
    """Tasks run at once (after the commit that enqueues them); a test that needs the queue
    itself sets the database backend (see core/tests/test_jobs.py)."""
    settings.TASKS = IMMEDIATE_TASKS


@pytest.fixture(autouse=True)
def empty_cache():
    """Login throttling counts in the cache; every test starts with a clean slate."""
    from django.core.cache import cache

    from clusterwerk.masterplan.queries import clear_topic_catalogues

    cache.clear()
    clear_topic_catalogues()
    yield
    cache.clear()


@pytest.fixture
def cluster(db):
    cluster, _ = Cluster.objects.get_or_create(
        slug="metall", defaults={"name": "Cluster Metall Brandenburg", "short_name": "Metall"}
    )
    return cluster


@pytest.fixture
def other_cluster(db):
    return Cluster.objects.create(slug="kunststoffe", name="Cluster Kunststoffe und Chemie")


def make_user(email: str, cluster=None, role: str | None = None, **extra) -> User:
    user = User.objects.create_user(email=email, password=PASSWORD, **extra)
    if role:
        RoleAssignment.objects.create(user=user, cluster=cluster, role=role)
    return user


@pytest.fixture
def cluster_manager(cluster):
    """Clustermanagement: edits and publishes the masterplan."""
    return make_user("manager@clusterwerk.test", cluster, Role.CLUSTER_MANAGER, first_name="Carla")


@pytest.fixture
def board_member(cluster):
    """Strategischer Beirat: reads drafts, does not edit."""
    return make_user("beirat@clusterwerk.test", cluster, Role.ADVISORY_BOARD)


@pytest.fixture
def member(cluster):
    """A member of a cluster company."""
    return make_user("mitglied@clusterwerk.test", cluster, Role.MEMBER)


@pytest.fixture
def outsider(db):
    """Logged in, but without any role."""
    return make_user("aussen@clusterwerk.test")


# --- Two tenants ----------------------------------------------------------------------------
# Cross-tenant tests: the `cluster` (A, Metall) and `other_cluster` (B, Kunststoffe und Chemie)
# with their own people. A role in one cluster gives no right in the other.


@pytest.fixture
def other_cluster_manager(other_cluster):
    """Clustermanagement of cluster B: may do nothing in cluster A."""
    return make_user(
        "management-b@clusterwerk.test", other_cluster, Role.CLUSTER_MANAGER, first_name="Bea"
    )


@pytest.fixture
def other_cluster_member(other_cluster):
    """A member of cluster B: sees nothing members-only of cluster A."""
    return make_user("mitglied-b@clusterwerk.test", other_cluster, Role.MEMBER)


@pytest.fixture
def tenant_personas(request):
    """Look a persona up by name (for tests parametrised over roles × write paths)."""
    from django.contrib.auth.models import AnonymousUser

    def persona(name: str):
        return AnonymousUser() if name == "anonymous" else request.getfixturevalue(name)

    return persona


@pytest.fixture
def manager_client(client, cluster_manager):
    client.force_login(cluster_manager)
    return client


@pytest.fixture
def member_client_factory(request):
    """A logged-in test client for a persona fixture by name ("member", "board_member", …)."""
    from django.test import Client

    def client_for(persona: str) -> Client:
        logged_in = Client()
        logged_in.force_login(request.getfixturevalue(persona))
        return logged_in

    return client_for


# --- The clock ---------------------------------------------------------------------------------

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
# The day the date-sensitive tests run on unless `--clock` says otherwise.
DEFAULT_CLOCK = "2026-12-03T10:00"


def pytest_addoption(parser):
    parser.addoption(
        "--clock",
        default=os.environ.get("CLUSTERWERK_TEST_CLOCK", DEFAULT_CLOCK),
        help="Local time in Europe/Berlin (YYYY-MM-DDTHH:MM) for the tests marked `clock`; "
        "several, separated by commas, run each such test once per moment in one session.",
    )


def clock_moments(config) -> list[str]:
    return [moment.strip() for moment in config.getoption("--clock").split(",") if moment.strip()]


def clock_start(config, moment: str | None = None) -> datetime.datetime:
    moment = moment or clock_moments(config)[0]
    return datetime.datetime.fromisoformat(moment).replace(tzinfo=BERLIN)


def pytest_generate_tests(metafunc):
    """With several `--clock` moments, every test marked `clock` runs once per moment (one
    session, one test database per worker, instead of one session per moment)."""
    moments = clock_moments(metafunc.config)
    if len(moments) > 1 and metafunc.definition.get_closest_marker("clock") is not None:
        metafunc.parametrize("clock_moment", moments, indirect=True, ids=moments, scope="module")


@pytest.fixture(scope="module")
def clock_moment(request):
    """The moment the `clock` tests run at (a `--clock` value). Module-scoped, so that a
    module's world seeded once at the pinned moment (the demo tests) is seeded again for each
    moment: pytest groups a module's tests by moment."""
    return getattr(request, "param", None) or clock_moments(request.config)[0]


@dataclass(frozen=True)
class DaysFromToday:
    """A day relative to the (pinned) today, for parameter lists that are built at import
    time, before the clock is pinned; `resolve_days` turns it into a date when the test runs."""

    days: int
    iso: bool = False

    def resolve(self):
        from django.utils import timezone

        day = timezone.localdate() + datetime.timedelta(days=self.days)
        return day.isoformat() if self.iso else day


def resolve_days(values: dict) -> dict:
    return {k: v.resolve() if isinstance(v, DaysFromToday) else v for k, v in values.items()}


@pytest.fixture(autouse=True)
def pinned_clock(request, clock_moment):
    """Tests marked `clock` depend on today's date: they run at a fixed moment (`--clock`),
    with the clock ticking on from there. CI runs them again at the turn of the year, at the
    end of January, on 29 February and on the day summer time starts."""
    if request.node.get_closest_marker("clock") is None:
        yield None
        return
    import time_machine

    with time_machine.travel(clock_start(request.config, clock_moment), tick=True) as traveller:
        yield traveller


# --- Browser tests -------------------------------------------------------------------------


def pytest_collection_modifyitems(config, items):
    if CHROMIUM.exists():
        os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        return
    skip = pytest.mark.skip(
        reason=f"browser test skipped: {CHROMIUM} not found (install Debian's chromium package)"
    )
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "de-DE", "timezone_id": "Europe/Berlin"}


WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def assert_accessible(page):
    """Run axe-core (shipped in the axe-playwright-python wheel) for WCAG 2.1 AA."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_21_AA}})
    violations = results.response["violations"]
    details = "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:5]}"
        for v in violations
    )
    assert not violations, f"axe-core found WCAG 2.1 AA violations on {page.url}:\n{details}"


@pytest.fixture
def axe():
    return assert_accessible


@pytest.fixture
def login_in_browser(live_server):
    def login(page, user):
        page.goto(f"{live_server.url}/konto/login/")
        page.get_by_label("E-Mail").fill(user.email)
        page.get_by_label("Passwort").fill(PASSWORD)
        page.get_by_role("button", name="Anmelden").click()
        page.wait_for_load_state()

    return login
