"""Reads of team design, through the access policy."""
