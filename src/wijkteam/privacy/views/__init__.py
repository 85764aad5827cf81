"""Pages of privacy: the privacy officer's supervision, protocol and inzage (supervision), consent (consent) and emergency access (emergency)."""
