"""Notebook 04's exercises and explorer questions, registered on import (docs/exercises.md)."""
