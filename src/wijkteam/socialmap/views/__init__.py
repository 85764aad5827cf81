"""Pages of the social map: search, services, providers and expertise (search), import and export (importing), proposals (proposals) and referrals (referrals)."""
