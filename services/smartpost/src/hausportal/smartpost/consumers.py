"""The smartpost service's one consumer group: the directory read model, and letters that
staff deleted in the documents service."""

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from hausportal.contracts.documents import DocumentDeleted
from hausportal.kit.messaging import EventConsumer
from hausportal.smartpost.models import Letter, LetterState, directory, messaging

consumer = EventConsumer("smartpost", messaging)
directory.register(consumer)


@consumer.handler(DocumentDeleted)
async def letter_document_deleted(session: AsyncSession, event: DocumentDeleted) -> None:
    """A letter's document deleted in documents (a letter's document id is its letter id):
    the review shows it as withdrawn. Any other document is not ours and changes nothing."""
    await session.execute(
        update(Letter)
        .where(
            Letter.id == event.payload.document_id,
            Letter.account_id == event.account_id,
            Letter.state == LetterState.published.value,
        )
        .values(state=LetterState.withdrawn.value, withdrawn_at=event.occurred_at)
    )
