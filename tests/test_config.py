"""Configuration: the shipped files are valid, and each kind of mistake stops the worker
with exit status 2 and a message naming the file, the key path and the reason."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import clean_env
from worker.config import load_config, parse_duration
from worker.errors import ConfigError

ROOT = Path(__file__).resolve().parents[1]

GOOD_OUTLET = """\
domains: [example.com]
feeds: [https://example.com/rss]
article_url: '^https://example\\.com/read/\\d+'
"""


def make_config(
    tmp_path: Path, worker_yaml: str = "", outlets: dict[str, str] | None = None
) -> Path:
    (tmp_path / "outlets").mkdir()
    (tmp_path / "worker.yaml").write_text(worker_yaml, encoding="utf-8")
    for name, text in (
        outlets if outlets is not None else {"example.com.yaml": GOOD_OUTLET}
    ).items():
        (tmp_path / "outlets" / name).write_text(text, encoding="utf-8")
    return tmp_path


def run_check(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "worker", "check-config", str(path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=False,
        env=clean_env(),
    )


def test_shipped_config_is_valid() -> None:
    result = run_check(ROOT / "config")
    assert result.returncode == 0, result.stderr
    assert "configuration OK" in result.stdout
    assert "kompas.tv" in result.stdout


def test_defaults_and_durations(tmp_path: Path) -> None:
    config = load_config(make_config(tmp_path, "schedule:\n  default_every: 2m\n"))
    assert config.settings.schedule.default_every == 120.0
    assert config.settings.frontier.seen_ttl == 30 * 86400.0
    assert [o.id for o in config.outlets] == ["example.com"]
    assert parse_duration("250ms") == pytest.approx(0.25)
    assert parse_duration("1.5h") == 5400.0


def test_env_overrides(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REDIS_URL", "redis://redis:6379/3")
    monkeypatch.setenv("WORKER_CONCURRENCY", "7")
    monkeypatch.setenv("WORKER_OUTLETS", "example.com")
    config = load_config(make_config(tmp_path, "redis:\n  prefix: abc\n"))
    assert config.settings.redis.url == "redis://redis:6379/3"
    assert config.settings.redis.prefix == "abc"
    assert config.settings.fetch.concurrency == 7
    assert config.settings.outlets == ["example.com"]


BAD_CASES = [
    pytest.param(
        "fetch:\n  concurrency: [1\n",
        None,
        "worker.yaml: line 3, column 1: YAML syntax error",
        id="yaml-syntax",
    ),
    pytest.param(
        "fetch:\n  concurency: 3\n",
        None,
        "worker.yaml: fetch.concurency: unknown key",
        id="unknown-key",
    ),
    pytest.param(
        "fetch:\n  concurrency: many\n",
        None,
        "worker.yaml: fetch.concurrency: Input should be a valid integer",
        id="wrong-type",
    ),
    pytest.param(
        "frontier:\n  reclaim_idle: soon\n",
        None,
        "worker.yaml: frontier.reclaim_idle: 'soon' is not a duration",
        id="bad-duration",
    ),
    pytest.param(
        "",
        {"bad.yaml": GOOD_OUTLET.replace("'^https://example\\.com/read/\\d+'", "'^(unclosed'")},
        "bad.yaml: article_url: bad regular expression '^(unclosed'",
        id="bad-regex",
    ),
    pytest.param(
        "",
        {"bad.yaml": GOOD_OUTLET + "extract:\n  body: ['div >> p']\n"},
        "bad.yaml: extract.body.0: CSS selector 'div >> p' is rejected by selectolax",
        id="bad-selector",
    ),
    pytest.param(
        "",
        {
            "bad.yaml": GOOD_OUTLET
            + "extract:\n  body: [.x]\n  lines:\n    - match: '^ok'\n      action: explode\n"
        },
        "bad.yaml: extract.lines.0.action: Input should be 'drop'",
        id="bad-line-action",
    ),
    pytest.param(
        "",
        {"dup.yaml": GOOD_OUTLET, "dup.yml": GOOD_OUTLET},
        "dup.yml: duplicate outlet 'dup': also defined in",
        id="duplicate-outlet-file",
    ),
    pytest.param(
        "outlets: [example.com, example.com]\n",
        None,
        "worker.yaml: outlets.1: duplicate outlet 'example.com'",
        id="duplicate-outlet-listed",
    ),
    pytest.param(
        "outlets: [nowhere.com]\n",
        None,
        "worker.yaml: outlets.0: no outlet file for 'nowhere.com'",
        id="missing-outlet",
    ),
    pytest.param(
        "",
        {"bad.yaml": GOOD_OUTLET + "schedule:\n  cron: '61 * * * *'\n"},
        "bad.yaml: schedule.cron: bad cron expression '61 * * * *'",
        id="bad-cron",
    ),
    pytest.param(
        "",
        {"bad.yaml": "domains: []\nfeeds: [https://x.com/rss]\narticle_url: x\n"},
        "bad.yaml: domains: List should have at least 1 item",
        id="no-domains",
    ),
    pytest.param(
        "",
        {"bad.yaml": "domains: [x.com]\narticle_url: x\n"},
        "bad.yaml: (top level): an outlet needs at least one entry in 'feeds', 'listings', "
        "'sitemaps' or 'robots_sitemaps'",
        id="no-entry-points",
    ),
    pytest.param(
        "",
        {"bad.yaml": GOOD_OUTLET.replace("https://example.com/rss", "ftp://example.com/rss")},
        "bad.yaml: feeds.0: 'ftp://example.com/rss' is not an http(s) URL",
        id="bad-url",
    ),
]


@pytest.mark.parametrize(("worker_yaml", "outlets", "expected"), BAD_CASES)
def test_bad_config_exits_2_with_key_path(
    tmp_path: Path, worker_yaml: str, outlets: dict[str, str] | None, expected: str
) -> None:
    folder = make_config(tmp_path, worker_yaml, outlets)
    with pytest.raises(ConfigError) as caught:
        load_config(folder)
    assert any(expected in problem for problem in caught.value.problems), caught.value.problems
    result = run_check(folder)
    assert result.returncode == 2
    assert result.stderr.startswith("configuration error:\n")
    assert expected in result.stderr


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    folder = make_config(
        tmp_path,
        "fetch:\n  concurency: 3\n",
        {"a.yaml": GOOD_OUTLET + "colour: red\n", "b.yaml": "domains: oops\n"},
    )
    with pytest.raises(ConfigError) as caught:
        load_config(folder)
    text = "\n".join(caught.value.problems)
    assert "worker.yaml: fetch.concurency: unknown key" in text
    assert "a.yaml: colour: unknown key" in text
    assert "b.yaml: domains: Input should be a valid list" in text


def test_run_refuses_bad_config_before_anything_runs(tmp_path: Path) -> None:
    folder = make_config(tmp_path, "fetch:\n  concurency: 3\n")
    result = subprocess.run(
        [sys.executable, "-m", "worker", "run", "--config", str(folder)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=False,
        env=clean_env(),
    )
    assert result.returncode == 2
    assert "fetch.concurency: unknown key" in result.stderr
