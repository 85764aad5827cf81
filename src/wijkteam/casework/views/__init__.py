"""Casework pages: the household file and its phase actions, the plan, the caseload."""
