"""Pages of intake: signals with their outreach (signals) and the team's partners and duty roster (team)."""
