"""Operational events: a probe each service can send to check the path through the bus."""

from __future__ import annotations

from typing import Literal

from hausportal.contracts.envelope import Event, Payload


class ProbePayload(Payload):
    service: str
    note: str = ""


class ProbeSent(Event):
    type: Literal["system.probe.sent"] = "system.probe.sent"
    version: Literal[1] = 1
    payload: ProbePayload
