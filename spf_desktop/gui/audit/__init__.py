"""The audit: the facilitator's view, participant mode and the results screens."""
