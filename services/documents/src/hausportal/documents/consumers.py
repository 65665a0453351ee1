"""The documents service's one consumer group: it keeps the directory read model current."""

from hausportal.documents.models import directory, messaging
from hausportal.kit.messaging import EventConsumer

consumer = EventConsumer("documents", messaging)
directory.register(consumer)
