"""Write ``src/jobs/services/breached_passwords.txt.gz``: the list of well-known breached
passwords every new passphrase is checked against (NIST SP 800-63B, 5.1.1.2).

There is no network here and no breach corpus is copied: the list is generated from what is
publicly known about the passwords people pick — the most common passwords of published breach
studies, names, words, sports, keyboard walks — and the ways people lengthen them (doubling,
pairing two words, adding numbers or years). Entries are stored the way ``passphrases`` compares
them: case-folded letters and digits only, leetspeak undone, at least 10 long (shorter ones are
refused by the length rule and the refused-words list already).

Run ``python -m tools.breached_passwords`` and commit the output.
"""

from __future__ import annotations

import gzip
import itertools
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "src/jobs/services/breached_passwords.txt.gz"
MIN_KEPT = 10


def _words(text: str) -> list[str]:
    return text.split()


# The most common passwords of published breach studies, as words people type.
COMMON = _words(
    """
password passw0rd 123456 12345678 123456789 1234567890 qwerty qwertyuiop abc123 111111 123123
iloveyou admin welcome monkey dragon master letmein login princess sunshine shadow football
baseball superman batman trustno1 whatever freedom starwars computer michelle jennifer hunter
ranger harley charlie thomas tigger jordan jordan23 buster soccer hockey killer george asshole
fuckyou pepper daniel andrew joshua hannah maggie summer ashley nicole chelsea biteme matthew
access yankees dallas austin thunder taylor matrix mobilemail mustang mynoob michael cookie
secret changeme default guest user test hello flower lovely loveme babygirl angel angels
butterfly purple orange banana chocolate cheese pokemon naruto samsung google facebook myspace
liverpool arsenal chelsea barcelona realmadrid juventus lakers cowboys steelers eagles packers
chiefs royals yankees redsox patriots bulldogs tigers lions bears wildcats jesus jesuschrist
blessed godisgood christ heaven forever family friends lovers sweet sweetie honey sugar candy
cherry apple peanut pumpkin rainbow diamond silver golden crystal soccer1 baseball1 internet
whatever1 qazwsx zaq12wsx 1q2w3e4r 1qaz2wsx asdfgh asdfghjkl zxcvbnm zxcvbnm1 147258369
987654321 11111111 00000000 696969 666666 121212 654321 112233 159753 789456 999999 555555
letmein1 welcome1 password1 admin123 root toor administrator superuser security private
secret123 qwerty123 iloveyou1 princess1 monkey1 dragon1 master1 sunshine1 shadow1 michael1
starwars1 computer1 blink182 metallica nirvana slipknot eminem tupac beatles pinkfloyd spiderman
ironman wolverine pikachu mario zelda minecraft fortnite roblox warcraft runescape troubador
troubadour ncc1701 hal9000 thx1138 letmein123 whocares nothing nopassword mypassword
yourpassword
"""
)

NAMES = _words(
    """
james john robert michael william david richard joseph thomas charles christopher daniel matthew
anthony mark donald steven paul andrew joshua kenneth kevin brian george timothy ronald edward
jason jeffrey ryan jacob gary nicholas eric jonathan stephen larry justin scott brandon benjamin
samuel gregory alexander frank patrick raymond jack dennis jerry tyler aaron jose adam nathan
henry douglas zachary peter kyle ethan walter noah jeremy christian keith roger terry austin
mary patricia jennifer linda elizabeth barbara susan jessica sarah karen lisa nancy betty
margaret sandra ashley kimberly emily donna michelle carol amanda dorothy melissa deborah
stephanie rebecca sharon laura cynthia kathleen amy angela shirley anna brenda pamela emma
nicole helen samantha katherine christine debra rachel carolyn janet catherine maria heather
diane ruth julie olivia joyce virginia victoria kelly lauren christina joan evelyn judith megan
andrea cheryl hannah jacqueline martha gloria teresa ann sara madison frances kathryn janice
jean abigail alice judy sophia grace denise amber doris marilyn danielle beverly isabella
theresa diana natalie brittany charlotte marie kayla alexis lori
"""
)

WORDS = _words(
    """
love baby angel star moon sun sky blue red green black white pink gold money power magic summer
winter spring autumn happy lucky crazy sexy cute cool super hot little big my your sweet dream
life live heart king queen prince boss god jesus lord dog cat puppy kitty tiger lion bear wolf
eagle horse fish bird mickey snoopy garfield buddy rocky max lucky daisy coffee pizza beer
whiskey vodka party music rock metal guitar dance game gamer player ninja dragon wizard hunter
killer soldier army navy police fire water earth wind storm thunder january february march april
may june july august september october november december monday friday sunday home house work
school college office city country america texas california florida newyork chicago london paris
canada mexico kansas missouri
"""
)

PHRASES = """
correct horse battery staple
correcthorsebatterystaple
troubador3
troubadore3
the quick brown fox jumps over the lazy dog
i love you forever
i love you so much
i love my family
i love my mom
i love my dad
i love my kids
i love jesus
jesus loves me
god is good
god is love
trust no one
let me in please
open sesame
hello world
welcome to my world
never give up
live laugh love
just do it
carpe diem
yolo swag
one direction
harry potter
star wars forever
may the force be with you
to be or not to be
all you need is love
we will rock you
hakuna matata
supercalifragilisticexpialidocious
password is password
this is my password
this is a password
my secret password
my password is password
change your password
forgot my password
i forgot my password
no more passwords
""".strip().splitlines()

SUFFIXES = [
    "",
    "1",
    "12",
    "123",
    "1234",
    "12345",
    "123456",
    "1234567",
    "12345678",
    "123456789",
    "01",
    "007",
    "11",
    "13",
    "21",
    "22",
    "23",
    "69",
    "77",
    "99",
    "00",
    "321",
    "111",
    "000",
    *(str(year) for year in range(1950, 2031)),
]


def form(text: str) -> str:
    """The compared form: case-folded letters and digits."""
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def candidates() -> set[str]:
    bases = sorted({form(word) for word in COMMON + NAMES + WORDS})
    top = sorted({form(word) for word in COMMON + WORDS})
    found: set[str] = set()
    for phrase in PHRASES:
        found.update({form(phrase), form(phrase) + "1", form(phrase) + "123"})
    for base in bases:
        found.add(base * 3)
        for suffix in SUFFIXES:
            found.update({base + suffix, base + base + suffix})
    for first, second in itertools.product(top, repeat=2):
        found.update({first + second, first + second + "1"})
    for first, second in itertools.product(COMMON[:120], NAMES):
        found.update({form(first) + second, second + form(first)})
    for name in NAMES:
        found.update({"iloveyou" + name, "ilove" + name, name + "iloveyou"})
    return {entry for entry in found if len(entry) >= MIN_KEPT}


def main() -> None:
    entries = sorted(candidates())
    data = ("\n".join(entries) + "\n").encode("ascii")
    OUT.write_bytes(gzip.compress(data, compresslevel=9, mtime=0))
    print(f"{len(entries)} entries, {OUT.stat().st_size} bytes compressed -> {OUT}")


if __name__ == "__main__":
    main()
