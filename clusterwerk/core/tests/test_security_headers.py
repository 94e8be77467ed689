"""Security headers: the Content-Security-Policy (django-csp) without 'unsafe-inline' or
'unsafe-eval', templates that need neither, and HSTS as configured for production."""

import re
import runpy
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse

from clusterwerk.masterplan.reference import load_all_reference_data

BASE_DIR = Path(settings.BASE_DIR)
SETTINGS_FILE = BASE_DIR / "config" / "settings.py"
TEMPLATE_DIRS = [BASE_DIR / "templates", *sorted(BASE_DIR.glob("clusterwerk/*/templates"))]
EXPECTED_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
    "base-uri": ["'self'"],
    "object-src": ["'none'"],
}
ONE_YEAR = 31_536_000


def policy_of(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = (part.split() for part in header.split(";") if part.strip())
    return {name: values for name, *values in directives}


@pytest.fixture
def reference(db):
    (report,) = load_all_reference_data()
    return report


# --- Content-Security-Policy ----------------------------------------------------------------


@pytest.mark.parametrize("url", ["/", "/konto/login/", "/api/docs", "/gibt-es-nicht/"])
def test_pages_carry_the_policy_without_inline_or_eval(client, reference, url):
    response = client.get(url)

    assert "Content-Security-Policy" in response
    assert policy_of(response) == EXPECTED_POLICY
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]


def test_api_docs_render_with_swagger_from_static_files_only(client, db):
    response = client.get("/api/docs")

    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="swagger-ui"' in html
    assert "swagger-ui-bundle.js" in html
    # Swagger's settings come as a JSON data block; every executable script has a src.
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert "src=" in tag or 'type="application/json"' in tag, tag


def test_htmx_is_configured_for_the_policy(client, reference):
    html = client.get("/").content.decode()
    config = re.search(r"<meta name=\"htmx-config\" content='([^']*)'>", html)[1]
    assert '"allowEval": false' in config
    assert '"includeIndicatorStyles": false' in config
    assert ".htmx-indicator" in (BASE_DIR / "static" / "css" / "app.css").read_text()


INLINE_PATTERNS = {
    "<style> block": re.compile(r"<style\b", re.IGNORECASE),
    "style attribute": re.compile(r"\sstyle\s*=", re.IGNORECASE),
    "inline event handler": re.compile(r"\son[a-z]+\s*=\s*[\"']", re.IGNORECASE),
    "hx-on attribute (needs eval)": re.compile(r"\shx-on[:-]", re.IGNORECASE),
    "javascript: URL": re.compile(r"javascript:", re.IGNORECASE),
}
# Data blocks are not scripts: the policy does not apply to JSON-LD, and it stays inline for
# search engines.
SCRIPT_TAG = re.compile(r"<script\b[^>]*>", re.IGNORECASE)
DATA_BLOCK = re.compile(r'type="application/(?:ld\+)?json"')


def template_files():
    return [path for folder in TEMPLATE_DIRS for path in sorted(folder.rglob("*.html"))]


def test_templates_have_no_inline_scripts_or_styles():
    assert len(template_files()) > 50
    found = []
    for path in template_files():
        source = path.read_text(encoding="utf-8")
        for what, pattern in INLINE_PATTERNS.items():
            found += [f"{path.relative_to(BASE_DIR)}: {what}" for _ in pattern.findall(source)]
        for tag in SCRIPT_TAG.findall(source):
            if "src=" not in tag and not DATA_BLOCK.search(tag):
                found.append(f"{path.relative_to(BASE_DIR)}: inline script {tag}")
    assert found == []


def test_python_code_emits_no_style_attributes():
    found = []
    for path in sorted((BASE_DIR / "clusterwerk").rglob("*.py")):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        source = path.read_text(encoding="utf-8")
        if re.search(r"\sstyle=|<style\b", source):
            found.append(str(path.relative_to(BASE_DIR)))
    assert found == []


def test_rendered_pages_have_no_style_attributes(client, reference):
    published = reference.edition
    topic_area = published.topic_areas.order_by("order").first()
    urls = [
        "/",
        published.get_absolute_url(),
        topic_area.get_absolute_url(),
        reverse("actors:directory"),
        reverse("actors:map"),
        reverse("portal:value-chain"),
        reverse("projects:list"),
        reverse("participation:list"),
        reverse("account_login"),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert not INLINE_PATTERNS["style attribute"].search(html), url
        assert not INLINE_PATTERNS["<style> block"].search(html), url


def test_the_server_error_page_takes_its_look_from_a_stylesheet(rf):
    from django.views.defaults import server_error

    html = server_error(rf.get("/")).content.decode()

    assert "Ein Fehler ist aufgetreten" in html
    assert 'href="/static/css/error.css"' in html
    assert "style=" not in html


def test_the_match_score_bar_is_drawn_without_a_style_attribute():
    from django.template.loader import render_to_string

    html = render_to_string("matchmaking/_score.html", {"score": 0.62})

    assert '<rect class="score-bar__fill" width="62" height="1"></rect>' in html
    assert "62 % passend" in html
    assert "style=" not in html


# --- HSTS -----------------------------------------------------------------------------------

SECURITY_ENVIRONMENT = (
    "DEBUG",
    "SECRET_KEY",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
)


def settings_with(monkeypatch, **environment) -> dict:
    """config/settings.py as it reads this environment (a fresh run of the file)."""
    for name in SECURITY_ENVIRONMENT:
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(SETTINGS_FILE))


def test_production_sends_hsts_for_a_year_with_subdomains_and_without_preload(monkeypatch):
    production = settings_with(monkeypatch, DEBUG="False", SECRET_KEY="a-real-secret-" * 4)

    assert production["SECURE_HSTS_SECONDS"] == ONE_YEAR
    assert production["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert production["SECURE_HSTS_PRELOAD"] is False
    assert production["CONTENT_SECURITY_POLICY"]["DIRECTIVES"] == EXPECTED_POLICY


def test_hsts_is_configurable_from_the_environment(monkeypatch):
    production = settings_with(
        monkeypatch,
        DEBUG="False",
        SECRET_KEY="a-real-secret-" * 4,
        SECURE_HSTS_SECONDS="600",
        SECURE_HSTS_INCLUDE_SUBDOMAINS="false",
        SECURE_HSTS_PRELOAD="true",
    )

    assert production["SECURE_HSTS_SECONDS"] == 600
    assert production["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is False
    assert production["SECURE_HSTS_PRELOAD"] is True


def test_development_sends_no_hsts(monkeypatch):
    development = settings_with(monkeypatch, DEBUG="True", SECURE_HSTS_SECONDS="600")

    assert development["SECURE_HSTS_SECONDS"] == 0


def test_env_example_lists_the_hsts_settings():
    example = (BASE_DIR / ".env.example").read_text()
    assert "SECURE_HSTS_SECONDS=31536000" in example
    assert "SECURE_HSTS_INCLUDE_SUBDOMAINS=True" in example
    assert "SECURE_HSTS_PRELOAD=False" in example


@override_settings(SECURE_HSTS_SECONDS=ONE_YEAR, SECURE_HSTS_INCLUDE_SUBDOMAINS=True)
def test_https_responses_carry_the_hsts_header(client, reference):
    response = client.get("/", secure=True)

    assert response["Strict-Transport-Security"] == f"max-age={ONE_YEAR}; includeSubDomains"
    assert "Strict-Transport-Security" not in client.get("/")  # never over plain HTTP
