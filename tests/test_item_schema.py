"""The item is a public contract: `worker/item.schema.json` describes exactly `Item`."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from worker.models import SCHEMA_VERSION, Item, Related

ROOT = Path(__file__).resolve().parents[1]
SCHEMA_FILE = ROOT / "worker" / "item.schema.json"
SCHEMA: dict[str, Any] = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)
FIXTURES = sorted((ROOT / "tests" / "fixtures").glob("*/article*.json"))


def item(**changes: Any) -> Item:
    values: dict[str, Any] = {
        "id": "0" * 32,
        "url": "https://www.kompas.tv/nasional/123456/judul",
        "canonical_url": "https://www.kompas.tv/nasional/123456/judul",
        "outlet": "kompas.tv",
        "title": "Judul",
        "published_at": "2023-08-14T10:05:00+07:00",
        "updated_at": None,
        "authors": ("Ahmad Fauzi",),
        "editor": None,
        "dateline": "JAKARTA",
        "attribution": None,
        "body": "Satu.\n\nDua.",
        "related": (Related("Lain", "https://www.kompas.tv/nasional/123457/lain"),),
        "tags": (),
        "section": None,
        "image_url": None,
        "language": "id",
        "word_count": 2,
        "content_hash": "a" * 32,
        "fetched_at": "2023-08-14T04:00:00+00:00",
        "extractor": "profile:kompas.tv",
    }
    values.update(changes)
    return Item(**values)


def errors(data: dict[str, Any]) -> list[str]:
    return [error.message for error in VALIDATOR.iter_errors(data)]


def test_schema_is_valid_draft_2020_12() -> None:
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


def test_schema_lists_every_field_of_item() -> None:
    fields = [f.name for f in dataclasses.fields(Item)]
    assert list(SCHEMA["properties"]) == fields
    assert SCHEMA["required"] == fields
    assert SCHEMA["additionalProperties"] is False
    assert SCHEMA["properties"]["schema_version"] == {
        "description": SCHEMA["properties"]["schema_version"]["description"],
        "const": SCHEMA_VERSION,
    }
    related = SCHEMA["properties"]["related"]["items"]
    assert related["required"] == [f.name for f in dataclasses.fields(Related)]
    assert related["additionalProperties"] is False


def test_schema_ships_with_the_package() -> None:
    import worker

    assert (Path(worker.__file__).parent / "item.schema.json").is_file()


def test_an_item_validates() -> None:
    data = json.loads(item().to_json())
    assert errors(data) == []
    assert data["schema_version"] == SCHEMA_VERSION == 1
    assert data["drift"] is False
    assert data["partial"] is False


def test_unknown_values_are_null() -> None:
    data = item(
        title=None,
        published_at=None,
        authors=(),
        dateline=None,
        related=(Related("Tanpa tautan", None),),
        language=None,
        extractor="generic",
        drift=True,
    ).to_dict()
    assert errors(data) == []


@pytest.mark.parametrize("path", FIXTURES, ids=[f"{p.parent.name}/{p.name}" for p in FIXTURES])
def test_stored_items_validate(path: Path) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    assert errors(data) == []


def test_there_is_a_stored_item() -> None:
    assert FIXTURES


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"extra": 1}, "Additional properties are not allowed ('extra' was unexpected)"),
        ({"schema_version": 2}, "1 was expected"),
        ({"id": "XYZ"}, "'XYZ' does not match '^[0-9a-f]{32}$'"),
        ({"published_at": "14 Agustus 2023"}, "'14 Agustus 2023' is not valid under any"),
        ({"published_at": "2023-08-14T10:05:00"}, "is not valid under any of the given schemas"),
        ({"fetched_at": None}, "None is not of type 'string'"),
        ({"body": ""}, "'' should be non-empty"),
        ({"authors": "Ahmad Fauzi"}, "'Ahmad Fauzi' is not of type 'array'"),
        ({"authors": ["A", "A"]}, "has non-unique elements"),
        ({"related": [{"title": "x"}]}, "'url' is a required property"),
        ({"word_count": "2"}, "'2' is not of type 'integer'"),
        ({"extractor": "rules"}, "'rules' does not match '^(generic|profile:.+)$'"),
        ({"drift": None}, "None is not of type 'boolean'"),
        ({"partial": "yes"}, "'yes' is not of type 'boolean'"),
        ({"image_url": "/img/a.jpg"}, "'/img/a.jpg' does not match '^https?://'"),
    ],
)
def test_invalid_items_are_refused(change: dict[str, Any], message: str) -> None:
    data = {**item().to_dict(), **change}
    found = errors(data)
    assert len(found) == 1, found
    assert message in found[0]


@pytest.mark.parametrize("field", [f.name for f in dataclasses.fields(Item)])
def test_every_field_is_required(field: str) -> None:
    data = item().to_dict()
    del data[field]
    assert errors(data) == [f"'{field}' is a required property"]
