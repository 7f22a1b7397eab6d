"""Learning reviews (issue 3). Tables are added by migration 0002_reviews."""

from __future__ import annotations
