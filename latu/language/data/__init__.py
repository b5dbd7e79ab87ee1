"""Word lists used by the text analysis: stopwords and generic compound heads."""
