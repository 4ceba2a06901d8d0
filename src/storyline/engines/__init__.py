"""Runners of the same per-document steps: `local` (this machine's cores); Ray comes with the scale-out work."""
