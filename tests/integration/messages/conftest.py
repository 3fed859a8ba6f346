"""The portal's small world and its test client, for the messaging pages."""

from tests.support.portal_fixtures import client, world  # noqa: F401
