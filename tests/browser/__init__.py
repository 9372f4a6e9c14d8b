"""Helpers and data for the service page, linked-data, validation and browser tests."""
