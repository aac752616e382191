"""Notebook 06's exercises and explorer questions, registered on import (docs/exercises.md)."""
