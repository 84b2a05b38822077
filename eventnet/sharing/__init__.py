"""Sharing an event: its link for the organisers to pass on, and a printable QR poster."""
