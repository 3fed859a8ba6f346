import pytest

from jobs.errors import InvalidInput
from jobs.services.accounts import (
    check_password_rules,
    hash_password,
    normalise_email,
    verify_password,
)


def test_passwords_are_argon2id_and_verify():
    stored = hash_password("a long passphrase with spaces")
    assert stored.startswith("$argon2id$")
    assert verify_password(stored, "a long passphrase with spaces")
    assert not verify_password(stored, "a long passphrase with space")
    assert not verify_password("not a hash", "anything")


def test_any_unicode_passphrase_of_length_is_fine_and_short_ones_are_not():
    check_password_rules("ключ от квартиры где деньги лежат")
    with pytest.raises(InvalidInput, match="at least 15"):
        check_password_rules("Sh0rt!")


def test_email_is_normalised_or_refused():
    assert normalise_email("  Someone@Example.ORG ") == "someone@example.org"
    with pytest.raises(InvalidInput):
        normalise_email("not-an-address")
