"""Accounts: sign-up, login, password reset, settings, data export and deletion."""
