"""Interactive corpus explorer (placeholder while building)."""
