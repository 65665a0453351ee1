"""Generates the AsyncAPI 3.0 document of every topic and event from the pydantic models.

python -m hausportal.contracts.asyncapi docs/asyncapi.json          # write
python -m hausportal.contracts.asyncapi --check docs/asyncapi.json  # fail if out of date
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from hausportal.contracts.envelope import Event, tag_of
from hausportal.contracts.topics import ALL_TOPICS

REF = "#/components/schemas/{model}"


def message_name(event_class: type[Event]) -> str:
    return tag_of(event_class).replace("@", ".v")


def build_document() -> dict[str, Any]:
    channels: dict[str, Any] = {}
    operations: dict[str, Any] = {}
    messages: dict[str, Any] = {}
    schemas: dict[str, Any] = {}
    for topic in ALL_TOPICS:
        channel_messages: dict[str, Any] = {}
        for event_class in topic.event_classes:
            name = message_name(event_class)
            schema = event_class.model_json_schema(ref_template=REF)
            schemas.update(schema.pop("$defs", {}))
            schemas[event_class.__name__] = schema
            fields = event_class.model_fields
            messages[name] = {
                "name": fields["type"].default,
                "title": f"{event_class.__name__} (v{fields['version'].default})",
                "summary": (event_class.__doc__ or "").strip().splitlines()[0]
                if event_class.__doc__
                else "",
                "contentType": "application/json",
                "headers": {
                    "type": "object",
                    "properties": {
                        "traceparent": {"type": "string", "description": "W3C trace context"}
                    },
                },
                "payload": {"$ref": REF.format(model=event_class.__name__)},
            }
            channel_messages[name] = {"$ref": f"#/components/messages/{name}"}
        channels[topic.name] = {
            "address": topic.name,
            "description": f"Kafka topic, keyed by account_id. Produced by {producer(topic.name)}.",
            "messages": channel_messages,
        }
        operations[f"publish.{topic.name}"] = {
            "action": "send",
            "channel": {"$ref": f"#/channels/{topic.name}"},
            "summary": f"{producer(topic.name)} publishes through its transactional outbox",
        }
    return {
        "asyncapi": "3.0.0",
        "info": {
            "title": "Hausportal events",
            "version": "1.0.0",
            "description": (
                "Every event travels in one envelope (id, type, version, account_id, "
                "occurred_at, payload). Delivery is at least once; consumers dedupe on id."
            ),
        },
        "defaultContentType": "application/json",
        "channels": channels,
        "operations": operations,
        "components": {"messages": messages, "schemas": dict(sorted(schemas.items()))},
    }


def producer(topic_name: str) -> str:
    return topic_name.split(".", 1)[0]


def render() -> str:
    return json.dumps(build_document(), indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="asyncapi")
    parser.add_argument("path", type=Path)
    parser.add_argument("--check", action="store_true", help="fail if the file is out of date")
    args = parser.parse_args(argv)
    text = render()
    if args.check:
        if not args.path.exists() or args.path.read_text() != text:
            print(f"{args.path} is out of date: run `make asyncapi`", file=sys.stderr)
            return 1
        return 0
    args.path.parent.mkdir(parents=True, exist_ok=True)
    args.path.write_text(text)
    print(f"wrote {args.path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
