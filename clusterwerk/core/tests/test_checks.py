from django.test import override_settings

from clusterwerk.core.checks import refuse_development_secret_in_production
from clusterwerk.core.env import env_bool


def test_production_with_development_secret_is_refused(settings):
    with override_settings(DEBUG=False, SECRET_KEY=settings.DEVELOPMENT_SECRET_KEY):
        errors = refuse_development_secret_in_production(None)
    assert [e.id for e in errors] == ["clusterwerk.E001"]


def test_production_with_own_secret_passes(settings):
    with override_settings(DEBUG=False, SECRET_KEY="a-real-secret-" * 4):
        assert refuse_development_secret_in_production(None) == []


def test_development_secret_is_fine_while_debugging(settings):
    with override_settings(DEBUG=True, SECRET_KEY=settings.DEVELOPMENT_SECRET_KEY):
        assert refuse_development_secret_in_production(None) == []


def test_env_bool_rejects_unclear_values(monkeypatch):
    monkeypatch.setenv("SOME_FLAG", "vielleicht")
    try:
        env_bool("SOME_FLAG", False)
    except ValueError as error:
        assert "SOME_FLAG" in str(error)
    else:
        raise AssertionError("an unclear value must not silently become a boolean")
