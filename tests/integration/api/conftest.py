"""The portal's small world and a test client, shared by the portal suites."""

from tests.support.portal_fixtures import client, world  # noqa: F401
