"""The tasks service's one consumer group: it keeps the directory read model current (who
may see a ticket, which staff member may be assigned)."""

from hausportal.kit.messaging import EventConsumer
from hausportal.tasks.models import directory, messaging

consumer = EventConsumer("tasks", messaging)
directory.register(consumer)
