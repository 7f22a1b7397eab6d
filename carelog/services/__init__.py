"""Use cases: permission checks, validation, audit and one transaction per call. Return DTOs only."""
