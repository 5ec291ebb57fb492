"""Configuration: `worker.yaml` plus one file per outlet, validated strictly at start.

Every mistake a user can make in a file (YAML syntax, unknown key, wrong type, bad regex,
a selector selectolax rejects, a duplicate outlet) becomes one line of a `ConfigError`
naming the file, the key path and the reason, before anything runs.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar

import yaml
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    model_validator,
)

from worker.config_types import (
    Duration,
    HttpUrl,
    Network,
    Regex,
    Selector,
    check_cron,
    check_strftime,
    parse_duration,
)
from worker.errors import ConfigError

M = TypeVar("M", bound=BaseModel)


class StrictModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# ---------------------------------------------------------------- worker.yaml


class RedisSettings(StrictModel):
    url: str = "redis://127.0.0.1:6379/0"
    prefix: str = Field(default="nw", pattern=r"^[A-Za-z0-9_.-]+$")


class FetchSettings(StrictModel):
    concurrency: int = Field(default=32, ge=1)
    per_host: int = Field(default=2, ge=1)  # default of an outlet's politeness.concurrency
    delay: Duration = 1.0  # default of an outlet's politeness.delay
    connect_timeout: Duration = 10.0
    read_timeout: Duration = 20.0
    total_timeout: Duration = 30.0
    max_body_bytes: int = Field(default=5_000_000, ge=1024)
    max_redirects: int = Field(default=10, ge=0)
    retries: int = Field(default=2, ge=0)
    backoff_base: Duration = 1.0
    backoff_max: Duration = 60.0
    pause_after: int = Field(default=5, ge=1)  # failures in a row that pause a host
    pause_for: Duration = 300.0
    robots_ttl: Duration = 3600.0
    max_sitemap_bytes: int = Field(default=50_000_000, ge=1024)
    allow_private: bool = False
    allow_networks: list[Network] = []
    user_agent: str = "news-worker/0.1 (+https://github.com/news-worker/news-worker)"


class FrontierSettings(StrictModel):
    fetch_tasks: int = Field(default=16, ge=1)
    max_tries: int = Field(default=3, ge=1)
    reclaim_idle: Duration = 60.0
    heartbeat_ttl: Duration = 15.0
    seen_ttl: Duration = 30 * 86400.0
    block: Duration = 2.0


class ItemsSettings(StrictModel):
    maxlen: int = Field(default=100_000, ge=100)
    content_ttl: Duration = 30 * 86400.0


class ScheduleSettings(StrictModel):
    default_every: Duration = 300.0
    jitter: Duration = 30.0


class WorkerSettings(StrictModel):
    redis: RedisSettings = RedisSettings()
    fetch: FetchSettings = FetchSettings()
    frontier: FrontierSettings = FrontierSettings()
    items: ItemsSettings = ItemsSettings()
    schedule: ScheduleSettings = ScheduleSettings()
    outlets: Literal["all"] | list[str] = "all"
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"


# ------------------------------------------------------------- outlets/*.yaml


class Schedule(StrictModel):
    every: Duration | None = None
    cron: Annotated[str, AfterValidator(check_cron)] | None = None

    @model_validator(mode="after")
    def _one_of(self) -> Schedule:
        if self.every is not None and self.cron is not None:
            raise ValueError("give either 'every' or 'cron', not both")
        if self.every is not None and self.every < 1:
            raise ValueError("'every' must be at least 1s")
        return self


class Listing(StrictModel):
    """A listing or index page. `{page}` in the URL numbers its pages (1, 2, ...) instead of
    a next link; `{date}` makes it a dated index, walked for each day of the look-back
    window (and by `backfill`), the date written with `date_format` (strftime)."""

    url: HttpUrl
    link_selector: Selector
    next_selector: Selector | None = None
    max_pages: int = Field(default=1, ge=1, le=100)
    date_format: Annotated[str, AfterValidator(check_strftime)] | None = None

    @model_validator(mode="after")
    def _placeholders(self) -> Listing:
        if ("{date}" in self.url) != (self.date_format is not None):
            raise ValueError("'{date}' in the url and 'date_format' go together")
        if "{page}" in self.url and self.next_selector is not None:
            raise ValueError("give either '{page}' in the url or 'next_selector', not both")
        leftover = self.url.replace("{date}", "").replace("{page}", "")
        if "{" in leftover or "}" in leftover:
            raise ValueError("the url may hold only the placeholders {date} and {page}")
        return self


class Politeness(StrictModel):
    """Per-host limits for this outlet's hosts; unset values come from worker.yaml's
    `fetch.delay` and `fetch.per_host`."""

    delay: Duration | None = None
    concurrency: int | None = Field(default=None, ge=1)


LineAction = Literal["drop", "drop_rest", "related", "dateline", "attribution", "editor", "byline"]


class LineRule(StrictModel):
    """A regex on one paragraph's text and what to do with the paragraph when it matches.

    `dateline`, `attribution` and `editor` take the named group of that name (or the first
    group); `dateline` removes only the match, keeping the rest of the paragraph; `related`
    takes the group `title` and the paragraph's first link; `drop_rest` drops this paragraph
    and every one after it; `byline` reads authors and editor from a line such as
    "Penulis : X | Editor : Y" or "Rep: X / Red: Y".
    """

    match: Regex
    action: LineAction


_JSON_PATH = r"^(?:[A-Za-z0-9_@$:-]+|\*)(?:\.(?:[A-Za-z0-9_@$:-]+|\*))*$"
JsonPath = Annotated[str, Field(pattern=_JSON_PATH)]


class JsonArticle(StrictModel):
    """Where a JSON document in the page (`script`, by default Next.js's `__NEXT_DATA__`)
    holds the article: `path` to the article object, then each field's path inside it.
    Paths are dotted keys; `*` takes every element of a list (`authors.*.name`)."""

    script: Selector = "script#__NEXT_DATA__"
    path: JsonPath | None = None
    title: JsonPath | None = None
    body_html: JsonPath | None = None
    body_text: JsonPath | None = None
    published: JsonPath | None = None
    updated: JsonPath | None = None
    authors: JsonPath | None = None
    editor: JsonPath | None = None
    tags: JsonPath | None = None
    section: JsonPath | None = None
    image: JsonPath | None = None

    @model_validator(mode="after")
    def _one_body(self) -> JsonArticle:
        if self.body_html is not None and self.body_text is not None:
            raise ValueError("give either 'body_html' or 'body_text', not both")
        return self


class ArticleSource(StrictModel):
    """Data in the page that holds the article, tried before the selectors (which fill in
    what it lacks): `next_data` (a JSON script), or `json_ld_body` (JSON-LD `articleBody`)."""

    next_data: JsonArticle | None = None
    json_ld_body: bool = False

    @model_validator(mode="after")
    def _one_source(self) -> ArticleSource:
        if (self.next_data is not None) == self.json_ld_body:
            raise ValueError("give one of 'next_data' or 'json_ld_body: true'")
        return self


class WholeArticle(StrictModel):
    """How to reach the whole of an article split in pages: fetch the URL with `query`
    added instead (`{page: all}`), or follow `next_selector` links (up to `max_pages`
    pages, on the same article's path) and join the pages' paragraphs in order."""

    query: dict[str, str] | None = Field(default=None, min_length=1)
    next_selector: Selector | None = None
    max_pages: int = Field(default=10, ge=2, le=50)

    @model_validator(mode="after")
    def _one_way(self) -> WholeArticle:
        if (self.query is None) == (self.next_selector is None):
            raise ValueError("give either 'query' or 'next_selector'")
        return self


class ExtractRules(StrictModel):
    """Selectors (first that matches wins) and line rules for an outlet's article pages."""

    title: list[Selector] = ["h1"]
    body: list[Selector] = []
    source: ArticleSource | None = None
    paragraphs: Selector = "p"
    published: list[Selector] = []
    updated: list[Selector] = []
    authors: list[Selector] = []
    editor: list[Selector] = []
    tags: list[Selector] = []
    section: list[Selector] = []
    drop: list[Selector] = []
    lines: list[LineRule] = []
    min_body_chars: int = Field(default=200, ge=0)

    @model_validator(mode="after")
    def _has_body(self) -> ExtractRules:
        data = self.source.next_data if self.source is not None else None
        from_data = data is not None and (data.body_html or data.body_text) is not None
        if not self.body and not from_data and not (self.source and self.source.json_ld_body):
            raise ValueError("'body' needs at least one selector (or a 'source' with a body)")
        return self


class OutletConfig(StrictModel):
    id: str
    name: str | None = None
    enabled: bool = True
    domains: list[str] = Field(min_length=1)
    language: str | None = None
    timezone: str = Field(default="+07:00", pattern=r"^[+-]\d\d:\d\d$")
    schedule: Schedule = Schedule()
    feeds: list[HttpUrl] = []
    sitemaps: list[HttpUrl] = []
    robots_sitemaps: list[HttpUrl] = []
    listings: list[Listing] = []
    lookback: Annotated[float, BeforeValidator(parse_duration), Field(ge=3600)] = 2 * 86400.0
    politeness: Politeness = Politeness()
    ignore_robots: bool = False
    proxy: HttpUrl | None = None
    article_url: Regex
    whole_article: WholeArticle | None = None
    extract: ExtractRules | None = None

    @model_validator(mode="after")
    def _has_entry_point(self) -> OutletConfig:
        if not (self.feeds or self.listings or self.sitemaps or self.robots_sitemaps):
            raise ValueError(
                "an outlet needs at least one entry in 'feeds', 'listings', 'sitemaps' "
                "or 'robots_sitemaps'"
            )
        return self


class Config(StrictModel):
    settings: WorkerSettings
    outlets: tuple[OutletConfig, ...]
    root: str

    def outlet(self, outlet_id: str) -> OutletConfig:
        for outlet in self.outlets:
            if outlet.id == outlet_id:
                return outlet
        raise KeyError(outlet_id)


# ------------------------------------------------------------------- loading

ENV_OVERRIDES: Mapping[str, tuple[str, ...]] = {
    "REDIS_URL": ("redis", "url"),
    "WORKER_REDIS_PREFIX": ("redis", "prefix"),
    "WORKER_CONCURRENCY": ("fetch", "concurrency"),
    "WORKER_USER_AGENT": ("fetch", "user_agent"),
    "WORKER_LOG_LEVEL": ("log_level",),
}


def default_config_path() -> Path:
    return Path(os.environ.get("WORKER_CONFIG", "config"))


def load_config(path: str | os.PathLike[str] | None = None) -> Config:
    """Load `worker.yaml` and `outlets/*.yaml` under `path` (a folder or the worker.yaml)."""
    root = Path(path) if path is not None else default_config_path()
    worker_file = root if root.is_file() else root / "worker.yaml"
    root = worker_file.parent
    problems: list[str] = []

    raw_settings = _read_yaml(worker_file, problems, missing_ok=False)
    settings_data = dict(raw_settings) if isinstance(raw_settings, dict) else {}
    if raw_settings is not None and not isinstance(raw_settings, dict):
        problems.append(f"{worker_file}: (top level): expected a mapping of settings")
    _apply_env(settings_data)
    settings = _validate(WorkerSettings, settings_data, worker_file, problems)

    outlets = _load_outlets(root / "outlets", problems)
    if settings is not None and settings.outlets != "all":
        known = {o.id for o in outlets}
        for index, name in enumerate(settings.outlets):
            if settings.outlets.index(name) != index:
                problems.append(f"{worker_file}: outlets.{index}: duplicate outlet {name!r}")
            elif name not in known:
                problems.append(
                    f"{worker_file}: outlets.{index}: no outlet file for {name!r} "
                    f"in {root / 'outlets'}"
                )
        outlets = [o for o in outlets if o.id in settings.outlets]
    if problems or settings is None:
        raise ConfigError(problems)
    return Config(settings=settings, outlets=tuple(outlets), root=str(root))


def _load_outlets(folder: Path, problems: list[str]) -> list[OutletConfig]:
    files = sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")]) if folder.is_dir() else []
    outlets: list[OutletConfig] = []
    first_file: dict[str, Path] = {}
    for file in files:
        outlet_id = file.name.rsplit(".", 1)[0]
        if outlet_id in first_file:
            problems.append(
                f"{file}: duplicate outlet {outlet_id!r}: also defined in {first_file[outlet_id]}"
            )
            continue
        first_file[outlet_id] = file
        raw = _read_yaml(file, problems, missing_ok=False)
        if raw is None:
            continue
        if not isinstance(raw, dict):
            problems.append(f"{file}: (top level): expected a mapping of outlet settings")
            continue
        if "id" in raw and raw["id"] != outlet_id:
            problems.append(f"{file}: id: {raw['id']!r} differs from the file name {outlet_id!r}")
            continue
        outlet = _validate(OutletConfig, {**raw, "id": outlet_id}, file, problems)
        if outlet is None:
            continue
        outlets.append(outlet)
    return outlets


def _read_yaml(file: Path, problems: list[str], *, missing_ok: bool) -> Any:
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        if not missing_ok:
            problems.append(f"{file}: file not found")
        return None
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(f"{file}: cannot read: {exc}")
        return None
    try:
        return yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "(YAML)"
        reason = getattr(exc, "problem", None) or str(exc)
        problems.append(f"{file}: {where}: YAML syntax error: {reason}")
        return None


def _validate(model: type[M], data: dict[str, Any], file: Path, problems: list[str]) -> M | None:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors():
            path = ".".join(str(part) for part in error["loc"]) or "(top level)"
            message = error["msg"].removeprefix("Value error, ")
            if error["type"] == "extra_forbidden":
                message = "unknown key"
            problems.append(f"{file}: {path}: {message}")
        return None


def _apply_env(data: dict[str, Any]) -> None:
    for variable, path in ENV_OVERRIDES.items():
        value = os.environ.get(variable)
        if not value:
            continue
        node = data
        for part in path[:-1]:
            child = node.get(part)
            if not isinstance(child, dict):
                child = {}
            node[part] = child = dict(child)
            node = child
        node[path[-1]] = value
    outlets = os.environ.get("WORKER_OUTLETS")
    if outlets:
        data["outlets"] = [o.strip() for o in outlets.split(",") if o.strip()]
