"""The documents service's one consumer group: it keeps the directory read model current and
makes SmartPost's letters documents."""

from hausportal.contracts.smartpost import LetterPublished, LetterWithdrawn, SerialLetterDeleted
from hausportal.documents.letters import service as letters
from hausportal.documents.models import directory, messaging
from hausportal.kit.messaging import EventConsumer

consumer = EventConsumer("documents", messaging)
directory.register(consumer)
consumer.handler(LetterPublished)(letters.letter_published)
consumer.handler(LetterWithdrawn)(letters.letter_withdrawn)
consumer.handler(SerialLetterDeleted)(letters.serial_letter_deleted)
