"""Notification jobs: an event that should reach people, waiting until its mails are composed."""
