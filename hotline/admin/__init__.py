"""The coordinators' admin page (/admin): login, roles, one small module per section."""
