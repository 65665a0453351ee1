"""The smartpost service's one consumer group: it keeps the directory read model current."""

from hausportal.kit.messaging import EventConsumer
from hausportal.smartpost.models import directory, messaging

consumer = EventConsumer("smartpost", messaging)
directory.register(consumer)
