"""Desk ⇄ server sync: protocol models and versions, the HTTP client, push/pull, applying pulled rows."""
