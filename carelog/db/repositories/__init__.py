"""Repositories: functions that take a Session and return DTOs. One module per aggregate."""
