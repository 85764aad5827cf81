"""Views of team design: thin, they call selectors and services and render."""
