from datetime import UTC, datetime, timedelta

from jobs.services import totp

# RFC 6238 appendix B: the SHA-1 secret is the ASCII "12345678901234567890".
RFC_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
START = datetime(2026, 11, 29, 3, 0, 0, tzinfo=UTC)
SECRET = totp.new_secret()


def test_codes_match_the_rfc_6238_vectors_cut_to_six_digits():
    for seconds, eight_digits in (
        (59, "94287082"),
        (1111111109, "07081804"),
        (1234567890, "89005924"),
        (2000000000, "69279037"),
    ):
        moment = datetime.fromtimestamp(seconds, UTC)
        assert totp.code_at(RFC_SECRET, moment) == eight_digits[-6:]


def test_a_code_one_step_off_is_taken_and_two_steps_off_is_not():
    for offset in (-1, 0, 1):
        code = totp.code_at(SECRET, START + timedelta(seconds=30 * offset))
        assert totp.matching_step(SECRET, code, START, None) == totp.step_at(START) + offset
    for offset in (-2, 2):
        code = totp.code_at(SECRET, START + timedelta(seconds=30 * offset))
        assert totp.matching_step(SECRET, code, START, None) is None


def test_a_used_code_is_refused_and_so_is_an_older_one():
    code = totp.code_at(SECRET, START)
    used = totp.matching_step(SECRET, code, START, None)
    assert used is not None
    assert totp.matching_step(SECRET, code, START + timedelta(seconds=5), used) is None
    older = totp.code_at(SECRET, START - timedelta(seconds=30))
    assert totp.matching_step(SECRET, older, START, used) is None
    newer = totp.code_at(SECRET, START + timedelta(seconds=30))
    assert totp.matching_step(SECRET, newer, START + timedelta(seconds=30), used) == used + 1


def test_rubbish_is_not_a_code():
    for given in ("", "12345", "1234567", "abcdef", "١٢٣٤٥٦"):
        assert totp.matching_step(SECRET, given, START, None) is None
    spaced = totp.code_at(SECRET, START)
    assert totp.matching_step(SECRET, f"{spaced[:3]} {spaced[3:]}", START, None) is not None


def test_secrets_are_base32_and_the_address_names_the_account():
    assert len(SECRET) == 32 and SECRET.isalnum() and SECRET.upper() == SECRET
    uri = totp.provisioning_uri(SECRET, "spec1@example.org")
    assert uri.startswith("otpauth://totp/jobs%3Aspec1%40example.org?")
    assert f"secret={SECRET}" in uri and "digits=6" in uri and "period=30" in uri
