"""The desktop editor (pygame-ce + pygame_gui) for levels and designs; see editor/app.py."""
