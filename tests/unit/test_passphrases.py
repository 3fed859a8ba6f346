import pytest

from jobs.errors import InvalidInput
from jobs.services.accounts import hash_password, verify_password
from jobs.services.passphrases import REFUSED_MESSAGE, check_passphrase, refused_words


@pytest.mark.parametrize(
    "passphrase",
    [
        "ключ от квартиры где деньги лежат",
        "rain on the tin roof of grandma's porch",
        "我的猫喜欢在窗台上晒太阳睡午觉",
        "x" * 5 + "lantern mosaic 42",
        "a" * 200 + "bcdef",
    ],
)
def test_long_passphrases_in_any_script_are_welcome(passphrase):
    check_passphrase(passphrase, email="dana@example.org", name="Dana Reyes")


@pytest.mark.parametrize(
    "passphrase",
    [
        "password password password",
        "Password1234567890!",
        "qwertyuiopasdfghjkl",
        "1q2w3e4r5t6y7u8i9o0p",
        "Prospect Corridor 2026!!",
        "kansascity kansascity",
        "Reentry-Probation-Parole",
        "the quick brown fox jumps over the lazy dog",
        "aaaaaaaaaaaaaaaaaaaa",
        "abababababababababab",
    ],
)
def test_common_keyboard_and_program_passphrases_are_refused(passphrase):
    with pytest.raises(InvalidInput) as refused:
        check_passphrase(passphrase)
    assert refused.value.message == REFUSED_MESSAGE


def test_the_persons_own_name_and_email_do_not_make_a_passphrase():
    with pytest.raises(InvalidInput):
        check_passphrase("dana.reyes@example.org", email="dana.reyes@example.org")
    with pytest.raises(InvalidInput):
        check_passphrase("Dana Reyes Dana Reyes 1", name="Dana Reyes")
    check_passphrase("Dana Reyes Dana Reyes 1")


def test_length_is_counted_after_nfkc_and_the_limits_hold():
    with pytest.raises(InvalidInput, match="at least 15"):
        check_passphrase("Sh0rt!")
    check_passphrase("z" * 3 + "harbour gull tide" + "q" * 100)  # 120 characters
    with pytest.raises(InvalidInput, match="at most 256"):
        check_passphrase("harbour gull tide " * 20)


def test_the_same_text_typed_two_ways_is_the_same_passphrase():
    composed, decomposed = (
        "café crème brûlée au lait",
        "cafe\u0301 cre\u0300me bru\u0302le\u0301e au lait",
    )
    stored = hash_password(decomposed)
    assert verify_password(stored, composed)
    full_width = "ｗｉｎｔｅｒ ｌａｎｔｅｒｎ ｍｏｓａｉｃ"
    assert verify_password(hash_password(full_width), "winter lantern mosaic")


def test_the_refused_list_is_ours_and_not_empty():
    words = refused_words()
    assert "prospectcorridor" in words and "kansascity" in words and "password" in words
    assert words == tuple(sorted(words, key=lambda w: (-len(w), w)))


@pytest.mark.parametrize(
    "passphrase",
    [
        "P@ssw0rdP@ssw0rd",
        "correcthorsebatterystaple",
        "Correct Horse Battery Staple",
        "c0rr3ct h0rs3 b4tt3ry st4pl3",
        "iloveyoujennifer",
        "M0nk3yM0nk3y2024",
        "FOOTBALLFOOTBALL7",
        "superman1superman1",
    ],
)
def test_breached_passwords_are_refused_with_leetspeak_undone(passphrase):
    """Issue 20, item 9: NIST 800-63B asks for a check against known breached passwords."""
    with pytest.raises(InvalidInput):
        check_passphrase(passphrase)


def test_the_breached_list_is_large_and_speaks_for_itself():
    from jobs.services.passphrases import BREACHED_MESSAGE, _breached, is_breached

    assert _breached().count(b"\n") > 100_000
    assert is_breached("correcthorsebatterystaple") and is_breached("Tr0ub4dor & Tr0ub4dor")
    assert not is_breached("rain on the tin roof of grandma's porch")
    with pytest.raises(InvalidInput) as refused:
        check_passphrase("correcthorsebatterystaple")
    assert refused.value.message == BREACHED_MESSAGE
