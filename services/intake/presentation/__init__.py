"""Text people read, made without rules or storage: the Dutch timeline wording, the SVG plan."""
