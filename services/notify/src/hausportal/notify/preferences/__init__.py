"""Each contact's choice how to hear of new documents: at once, daily digest, or not at all."""
