"""The community gallery: a FastAPI service over SQLAlchemy, with blobs stored by digest.

::

    from share.gallery.app import create_app
    from share.gallery.settings import Settings

    app = create_app(Settings.from_env())

The HTTP API lives under ``/api/v1`` (see ``docs/api.md``; OpenAPI at ``/docs``). This
``__init__`` imports nothing, so ``cocreate gallery admin`` does not load FastAPI.
"""
