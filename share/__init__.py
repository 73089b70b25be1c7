"""Sharing creations: ``share.gallery`` (the community gallery service) and, later,
``share.client`` (the sync client). The two never import each other."""
