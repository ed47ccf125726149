"""OpenMinutes: council meeting minutes as validated Linked Open Data."""
