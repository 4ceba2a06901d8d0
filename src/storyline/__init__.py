"""storyline: the news coverage of a long-running story, turned into a sourced dossier."""

__version__ = "0.1.0"
