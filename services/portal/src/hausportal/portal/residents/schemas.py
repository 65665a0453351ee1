"""API shapes of residents."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel


class ResidentOut(BaseModel):
    # The name the resident chose; never the e-mail address (privacy: staff do not see it).
    contact_id: uuid.UUID
    display_name: str
    registered_at: datetime
