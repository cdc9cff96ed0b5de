"""Settings: one env helper, production refuses unsafe starts, DATABASE_URL picks the database."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from cms.settings.env import env

ROOT = Path(__file__).resolve().parents[2]
STRONG_KEY = "k" * 30 + "-production-secret-for-tests-only-0123456789"


def run_django(settings_module, code, **environ):
    """Start a fresh interpreter with only the given environment, as an operator would."""
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"}}
    clean.update(environ, DJANGO_SETTINGS_MODULE=settings_module)
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT, env=clean, capture_output=True, text=True, timeout=120,
    )


def test_env_helper_casts_and_names_missing_variables(monkeypatch):
    monkeypatch.setenv("PORTAL_FLAG", "yes")
    monkeypatch.setenv("PORTAL_HOSTS", "a.dk, b.dk")
    assert env("PORTAL_FLAG", cast=bool) is True
    assert env("PORTAL_HOSTS", cast=list) == ["a.dk", "b.dk"]
    monkeypatch.delenv("PORTAL_MISSING", raising=False)
    with pytest.raises(ImproperlyConfigured, match="PORTAL_MISSING is required"):
        env("PORTAL_MISSING")
    monkeypatch.setenv("PORTAL_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="PORTAL_FLAG is invalid"):
        env("PORTAL_FLAG", cast=bool)


@pytest.mark.slow
@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS"])
def test_production_refuses_to_start_without_required_variables(missing):
    environ = {"SECRET_KEY": STRONG_KEY, "ALLOWED_HOSTS": "portal.example.dk"}
    del environ[missing]
    result = run_django("cms.settings.production", "print('started')", **environ)
    assert result.returncode != 0
    assert f"{missing} is required" in result.stderr
    assert "started" not in result.stdout


@pytest.mark.slow
def test_production_passes_check_deploy():
    environ = {"SECRET_KEY": STRONG_KEY, "ALLOWED_HOSTS": "portal.example.dk"}
    code = (
        "from django.core.management import call_command; "
        "call_command('check', deploy=True, fail_level='WARNING')"
    )
    result = run_django("cms.settings.production", code, **environ)
    assert result.returncode == 0, result.stderr


@pytest.mark.slow
def test_database_url_selects_postgresql_and_sqlite_is_the_default():
    show = "from django.conf import settings; print(settings.DATABASES['default']['ENGINE'])"
    default = run_django("cms.settings.dev", show)
    assert default.stdout.strip() == "django.db.backends.sqlite3", default.stderr
    postgres = run_django("cms.settings.dev", show, DATABASE_URL="postgres://u:p@127.0.0.1:5432/portal")
    assert postgres.stdout.strip() == "django.db.backends.postgresql", postgres.stderr


@pytest.mark.slow
def test_production_urls_do_not_serve_wagtails_api_and_only_the_bench_settings_do():
    """Wagtail's REST API v2 has no partner keys or rate limits: it is the benchmark peer, never production's."""
    environ = {"SECRET_KEY": STRONG_KEY, "ALLOWED_HOSTS": "testserver", "SECURE_SSL_REDIRECT": "false"}
    code = (
        "from django.urls import Resolver404, resolve; from django.conf import settings; "
        "import importlib; urls = importlib.import_module(settings.ROOT_URLCONF); "
        "print(resolve('/api/v2/pages/').url_name, 'wagtail.api.v2' in settings.INSTALLED_APPS)"
    )
    production = run_django("cms.settings.production", code, **environ)
    # The citizen site's page catch-all takes the path (a 404 page), not Wagtail's API.
    assert production.returncode == 0, production.stderr
    assert production.stdout.split() == ["wagtail_serve", "False"]
    bench = run_django("cms.settings.bench", code, **environ)
    assert bench.returncode == 0, bench.stderr
    assert bench.stdout.split() == ["listing", "True"]


@pytest.mark.slow
@pytest.mark.parametrize("variable, value, message", [
    ("PORTAL_WEB_INSTANCES", "2", "Set REDIS_URL"),
    ("OPENSEARCH_URL", "search.internal:9200", "OPENSEARCH_URL must be an http(s) URL"),
    ("OPENSEARCH_URL", "http://search1.internal:9200,search2.internal:9200", "OPENSEARCH_URL must be an http(s) URL"),
    ("MEDIA_STORAGE", "ftp", "MEDIA_STORAGE must be empty"),
])
def test_misconfigured_production_fails_at_start_naming_the_variable(variable, value, message):
    # REDIS_URL empty: the environment the tests run in may have one (CI does).
    environ = {"SECRET_KEY": STRONG_KEY, "ALLOWED_HOSTS": "portal.example.dk", "REDIS_URL": "", variable: value}
    result = run_django("cms.settings.production", "print('started')", **environ)
    assert result.returncode != 0 and "started" not in result.stdout
    assert message in result.stderr


@pytest.mark.slow
def test_collected_static_files_have_hashed_names_and_far_future_caching(tmp_path):
    environ = {"SECRET_KEY": STRONG_KEY, "ALLOWED_HOSTS": "testserver", "STATIC_ROOT": str(tmp_path / "static"),
               "SECURE_SSL_REDIRECT": "false"}
    code = (
        "from django.core.management import call_command; call_command('collectstatic', '--noinput', verbosity=0); "
        "from django.templatetags.static import static; url = static('vendor/dkfds/css/dkfds-borgerdk.min.css'); "
        "from django.test import Client; response = Client().get(url); "
        "print(url, response.status_code, response['Cache-Control'])"
    )
    result = run_django("cms.settings.production", code, **environ)
    assert result.returncode == 0, result.stderr[-2000:]
    url, status, *cache_control = result.stdout.split()
    assert re.fullmatch(r"/static/vendor/dkfds/css/dkfds-borgerdk\.min\.[0-9a-f]{12}\.css", url), url
    assert status == "200"
    assert "max-age=31536000" in " ".join(cache_control) and "immutable" in " ".join(cache_control)
