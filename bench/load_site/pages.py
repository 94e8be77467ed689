"""The pages under load. Plain data, no Django: `bench/load.py` (the locust side) and
`inprocess.py` (the Django side) both read it.

A path may hold a placeholder that only the database can fill: `{topic_area}` (topic area 4.4.2
of the published edition of the default cluster) and `{actor_profile}` (the profile of demo
company 0001, the one the demo member represents); `inprocess.resolve_paths` fills them.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

DEMO_MEMBER = "betrieb@example.org"
DEMO_PASSWORD = "clusterwerk-demo"  # README, `portal.cluster_demo.DEMO_PASSWORD`
TOPIC_AREA = "4.4.2"
BARE_PATH = "/__bare__/"


@dataclass(frozen=True)
class Page:
    key: str  # the name on the command line (--pages)
    label: str  # the row in the table
    path: str
    member: bool = False  # logged in as the demo member


def _query(path: str, **params: str) -> str:
    return f"{path}?{urlencode(params)}"


PUBLIC = [
    ("home", "`/`", "/"),
    ("topic-area", f"topic area {TOPIC_AREA}", "{topic_area}"),
    ("profile", "actor profile (demo company 0001)", "{actor_profile}"),
    ("map", "`/akteure/karte/`", "/akteure/karte/"),
    ("monitoring", "`/monitoring/2019/`", "/monitoring/2019/"),
    ("boerse", "`/kooperation/`", "/kooperation/"),
]

PAGES: list[Page] = [
    *(Page(key, label, path) for key, label, path in PUBLIC),
    *(Page(f"member-{key}", f"{label}, member", path, member=True) for key, label, path in PUBLIC),
    Page(
        "directory-laser",
        "`/akteure/?q=Laserschweißen`",
        _query("/akteure/", q="Laserschweißen"),
    ),
    Page(
        "directory-corrosion",
        "`/akteure/?q=Korrosionsschutz+Stahl`",
        _query("/akteure/", q="Korrosionsschutz Stahl"),
    ),
    Page("site-search", "`/suche/?q=Laserschweißen`", _query("/suche/", q="Laserschweißen")),
    Page("api-actors", "`/api/actors?q=Schweißen`", _query("/api/actors", q="Schweißen")),
    Page(
        "partner-search",
        "partner search „Schweißnähte an Aluminium prüfen“",
        _query("/kooperation/partnersuche/", need="Schweißnähte an Aluminium prüfen"),
    ),
]

PAGES_BY_KEY = {page.key: page for page in PAGES}
