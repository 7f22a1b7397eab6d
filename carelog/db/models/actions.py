"""Improvement actions (issue 4). Tables are added by migration 0003_actions."""

from __future__ import annotations
