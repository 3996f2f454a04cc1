"""The central sync server: FastAPI endpoints (enroll, push, pull, bootstrap, upload, rows, review, health), device
enrollment and the ``frontdesk-server`` admin command. It runs the desks' own op handlers on its own database."""
