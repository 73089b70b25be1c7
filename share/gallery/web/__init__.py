"""The gallery's web pages: server-rendered HTML (Jinja2) over the same service as the API.

Pages work without JavaScript: every form posts and redirects. A browser signs in with a
session cookie that holds an API token (a row in ``tokens``, labelled as a browser session), so
signing out revokes it and the tokens page lists it. Every form carries a CSRF token
(``session.py``).
"""
