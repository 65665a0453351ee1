"""The AsyncAPI document describes every event that can travel, and its references resolve."""

from __future__ import annotations

from pathlib import Path

from hausportal.contracts.asyncapi import build_document, message_name, render
from hausportal.contracts.topics import ALL_TOPICS

REPO = Path(__file__).resolve().parents[3]


def _resolve(document: dict, ref: str) -> object:
    node: object = document
    for part in ref.removeprefix("#/").split("/"):
        assert isinstance(node, dict), f"dangling $ref {ref}"
        assert part in node, f"dangling $ref {ref}"
        node = node[part]
    return node


def _refs(node: object) -> list[str]:
    if isinstance(node, dict):
        found = [node["$ref"]] if "$ref" in node else []
        return found + [ref for value in node.values() for ref in _refs(value)]
    if isinstance(node, list):
        return [ref for value in node for ref in _refs(value)]
    return []


def test_every_event_has_a_message_in_its_topics_channel() -> None:
    document = build_document()
    for topic in ALL_TOPICS:
        channel = document["channels"][topic.name]
        for event_class in topic.event_classes:
            assert message_name(event_class) in channel["messages"]


def test_all_references_resolve() -> None:
    document = build_document()
    refs = _refs(document)
    assert refs
    for ref in refs:
        _resolve(document, ref)


def test_the_committed_document_is_current() -> None:
    assert (REPO / "docs" / "asyncapi.json").read_text() == render(), "run `make asyncapi`"
