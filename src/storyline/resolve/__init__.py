"""The cross-document step: what the articles' resolved names, events and claims come to across the dossier."""
