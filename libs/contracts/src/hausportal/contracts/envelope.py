"""The one envelope every event travels in, and how a topic's events are told apart."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any, ClassVar, Union
from uuid import UUID, uuid4

from pydantic import (
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    TypeAdapter,
)


def utcnow() -> datetime:
    return datetime.now(UTC)


class Payload(BaseModel):
    """Base of every event payload: additive changes only within one version."""

    model_config = ConfigDict(frozen=True, extra="ignore")


class Event(BaseModel):
    """Envelope: id, type, version, account_id, occurred_at, payload.

    A concrete event narrows ``type`` and ``version`` to literals and ``payload`` to its model:

        class PropertyUpserted(Event):
            type: Literal["portal.property.upserted"] = "portal.property.upserted"
            version: Literal[1] = 1
            payload: PropertyPayload
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: UUID = Field(default_factory=uuid4, description="Unique per event; consumers dedupe on it")
    type: str = Field(description="Dotted name: <service>.<entity>.<what happened>")
    version: int = Field(description="Schema version of the payload")
    account_id: UUID = Field(description="The management company the event belongs to")
    occurred_at: AwareDatetime = Field(default_factory=utcnow)
    payload: Payload

    # The topic a concrete event is published to; set on each concrete class.
    topic: ClassVar[str]

    @property
    def key(self) -> bytes:
        """Kafka key: one account's events stay in one partition and so in order."""
        return str(self.account_id).encode()

    def to_bytes(self) -> bytes:
        return self.model_dump_json().encode()


def event_tag(value: Any) -> str | None:
    """Discriminator of a topic union: type and version together ("a.b.c@1")."""
    if isinstance(value, dict):
        event_type, version = value.get("type"), value.get("version")
    else:
        event_type, version = getattr(value, "type", None), getattr(value, "version", None)
    if event_type is None or version is None:
        return None
    return f"{event_type}@{version}"


def tag_of(event_class: type[Event]) -> str:
    fields = event_class.model_fields
    return f"{fields['type'].default}@{fields['version'].default}"


def topic_union(*event_classes: type[Event]) -> Any:
    """A discriminated union of the given events, parsed by type and version."""
    members = tuple(Annotated[cls, Tag(tag_of(cls))] for cls in event_classes)
    return Annotated[Union[members], Discriminator(event_tag)]  # noqa: UP007


class UnknownEvent(ValueError):
    """An event whose type/version this build does not know (newer producer): skip it."""


class Topic:
    """One topic: its default name and the events that travel on it."""

    def __init__(self, name: str, *event_classes: type[Event]) -> None:
        self.name = name
        self.event_classes = event_classes
        self._tags = {tag_of(cls) for cls in event_classes}
        for cls in event_classes:
            cls.topic = name
        self.union = topic_union(*event_classes) if event_classes else Event
        self.adapter: TypeAdapter[Event] = TypeAdapter(self.union)

    def parse(self, raw: bytes | str | dict[str, Any]) -> Event:
        data = raw if isinstance(raw, dict) else TypeAdapter(dict).validate_json(raw)
        tag = event_tag(data)
        if tag not in self._tags:
            raise UnknownEvent(f"{self.name}: unknown event {tag!r}")
        return self.adapter.validate_python(data)
