#!/usr/bin/env python3
"""Regenerate learnlab/data/common-passwords.txt from the patterns below (no download needed).

The list holds passwords of 12 or more characters (shorter ones are refused anyway) that
attackers try first: the words and keyboard walks at the top of public breach-frequency lists,
with the suffixes, doublings and substitutions people add to reach a length rule, plus words
predictable on this platform (its name, the programme, the region's places and agencies) and the
demo accounts' published passwords. Compared case-insensitively, so everything is lower case.

    python3 scripts/make-common-passwords.py > learnlab/data/common-passwords.txt
"""

from __future__ import annotations

import itertools

MIN, MAX = 12, 64

# Words from the top of breach-frequency lists (English and the region's Russian-language ones).
COMMON_WORDS = """
password passw0rd p@ssword p@ssw0rd pa55word pa$$word qwerty qwertyuiop qwertyui asdfgh asdfghjkl
zxcvbn zxcvbnm iloveyou welcome letmein admin administrator monkey dragon sunshine princess
football baseball basketball soccer hockey superman batman spiderman trustno1 master shadow michael
jennifer jessica ashley daniel charlie thomas jordan hunter ranger buster tigger starwars whatever
freedom computer internet changeme secret default login hello hellokitty pokemon naruto liverpool
chelsea arsenal barcelona realmadrid manchester juventus samsung iphone google facebook microsoft
windows linux apple orange banana chocolate cookie butterfly flower angel beautiful lovely loveme
mylove family friends summer winter spring autumn monday friday sunday january february march
april june july august september october november december mustang corvette ferrari porsche
harley yamaha matrix killer hacker access security private system server database oracle
parol parolparol privet lubov lyubov kotik solnce solnyshko zvezda nastya natasha dmitriy
alexander aleksandr sergey andrey vladimir ivanov smirnov marina svetlana tatiana elena olga
irina anastasia maksim artem nikita dinara aigerim aizhan asel gulnara nurlan yerlan bakyt azamat
timur rustam farhod dilshod sherzod jamshid
"""

# Words predictable here: the platform, the programme, the service, the region.
LOCAL_WORDS = """
learnlab learn-lab elearning e-learning training trainee trainer student teacher course module
quiz customs customsofficer customs-officer officer inspector border borderguard police
enforcement seizure evidence smuggling contraband narcotics container cargo aircargo port
portcontrol portcontrolunit pcu accu unodc wco ccp containercontrol tamozhnya tamozhnia tamozhnja
kedentau kedenkyzmeti bajy gumruk kazakhstan kyrgyzstan tajikistan uzbekistan turkmenistan
qazaqstan kazakstan almaty astana nursultan shymkent aktau atyrau khorgos altynkol dostyk bishkek
osh dushanbe tashkent samarkand ashgabat
"""

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
    "!",
    "1!",
    "12!",
    "123!",
    "1234!",
    "!!",
    "!!!",
    "@123",
    "#1",
    "#123",
    "01",
    "007",
    "111",
    "000",
    "69",
    "99",
    "2000",
    "2010",
    "2015",
    "2018",
    "2019",
    "2020",
    "2021",
    "2022",
    "2023",
    "2024",
    "2025",
    "2026",
    "2020!",
    "2021!",
    "2022!",
    "2023!",
    "2024!",
    "2025!",
    "2026!",
    ".",
    "_1",
    "-1",
    "321",
    "54321",
    "654321",
    "1q2w3e",
    "qwerty",
    "abc",
    "abc123",
]
PREFIXES = ["", "my", "1"]

KEYBOARD_WALKS_TEXT = """
qwertyuiop qwertyuiop[] qwertyuiopasdfghjkl asdfghjkl; zxcvbnm,./ 1qaz2wsx3edc 1qaz2wsx3edc4rfv
1qaz2wsx3edc4rfv5tgb zaq12wsxcde3 zaq1zaq1zaq1 zaq12wsx zaq1xsw2cde3 qazwsxedcrfv qazwsxedcrfvtgb
qweasdzxc123 qweasdzxcqwe qwe123qwe123 qwe123asd456 asd123asd123 zxc123zxc123 1q2w3e4r5t6y
1q2w3e4r5t6y7u 1q2w3e4r5t6y7u8i 1q2w3e4r5t6y7u8i9o0p q1w2e3r4t5y6 q1w2e3r4t5y6u7 !qaz@wsx#edc
!qaz2wsx#edc4rfv 1234qwerasdf 1234qwerasdfzxcv qwer1234asdf qwerasdfzxcv 123qweasdzxc
abcdefghijkl abcdefghijklm abcdefghijklmnop abcd1234abcd abc123abc123 abcabcabcabc
йцукенгшщзхъ фывапролджэ йцукенгшщзхъфывапролджэ ячсмитьбю123 qwertyйцукен 1qaz2wsx3edcйцукен
"""


def digit_patterns() -> set[str]:
    found: set[str] = set()
    for n in range(MIN, 21):
        found.add("1234567890" * 2)
        found.add(("1234567890" * 3)[:n])
        found.add(("0123456789" * 3)[:n])
        found.add(("9876543210" * 3)[:n])
        for d in "0123456789":
            found.add(d * n)
        for pair in ("12", "21", "69", "01", "10", "11", "00", "77", "88", "99"):
            found.add((pair * n)[:n])
        for triple in ("123", "321", "111", "000", "147", "159", "789", "987"):
            found.add((triple * n)[:n])
        found.add(("1234" * n)[:n])
        found.add(("4321" * n)[:n])
        found.add(("12345" * n)[:n])
        found.add(("123456" * n)[:n])
    for year in range(1950, 2031):  # a year twice, a date written out
        found.add(f"{year}{year}")
        found.add(f"{year}{year}{year}")
        for month in range(1, 13):
            found.add(f"0101{year}{month:02d}")
    return found


def letter_patterns() -> set[str]:
    found: set[str] = set()
    for n in range(MIN, 21):
        for c in "aqxz":
            found.add(c * n)
        for chunk in ("ab", "abc", "abcd", "qwe", "asd", "zxc", "qwer", "asdf", "zxcv", "xo", "ha"):
            found.add((chunk * n)[:n])
    return found


def variants(word: str) -> set[str]:
    found = {word, word + word, word + word + word}
    for suffix in SUFFIXES:
        found.add(word + suffix)
    for prefix, suffix in itertools.product(PREFIXES, SUFFIXES[:10]):
        found.add(prefix + word + suffix)
    for sep in ("", "-", "_", ".", " "):
        found.add(word + sep + "123456")
        found.add(word + sep + word)
    leet = word.replace("a", "@").replace("o", "0").replace("e", "3").replace("i", "1").replace("s", "$")
    for suffix in SUFFIXES[:12]:
        found.add(leet + suffix)
    return found


def phrases() -> set[str]:
    found = {
        "correcthorsebatterystaple",
        "correct horse battery staple",
        "correct-horse-battery-staple",
        "thequickbrownfox",
        "the quick brown fox",
        "thequickbrownfoxjumpsoverthelazydog",
        "iloveyouforever",
        "iloveyousomuch",
        "iloveyoubaby",
        "iloveyoumom",
        "letmeinplease",
        "letmeinnow",
        "opensesame",
        "opensesame123",
        "changemenow",
        "changemeplease",
        "passwordisnotpassword",
        "mypasswordis",
        "thisismypassword",
        "ihatemyjob",
        "whatthehell",
        "nopassword",
        "nopassword123",
        "blink182blink182",
        "trustnoone",
        "trustnoone123",
        "pleaseletmein",
        "welcometotheclub",
        "welcomehome",
        "helloworld",
        "helloworld123",
        "hello world 123",
        "goodmorning",
        "goodmorning123",
        "happybirthday",
        "merrychristmas",
        "newpassword123",
        "temporarypassword",
        "temppassword",
        "password reset",
        "resetpassword",
        "forgotpassword",
        "forgotmypassword",
        "administrator1",
        "adminadminadmin",
        "rootroot1234",
        "useruseruser",
        "testtesttest",
        "test12345678",
        "testing12345",
        "guest12345678",
        "learnlab-trainee",
        "learnlab-trainer",
        "learnlab-admin1",
        "learnlab-admin",
        "demodemodemo",
        "demo12345678",
        "trainingpassword",
        "customspassword",
        # kept from the first, hand-written list
        "1234567890qwerty",
        "abc123456789",
        "abcdefgh1234",
        "adminadmin123",
        "qwerty2024!!",
        "qwerty2026!!",
        "qwertyuiopasdf",
        "qwertyuiopasdfgh",
    }
    return found


def build() -> list[str]:
    words = set(COMMON_WORDS.split()) | set(LOCAL_WORDS.split())
    found: set[str] = set(KEYBOARD_WALKS_TEXT.split()) | digit_patterns() | letter_patterns() | phrases()
    for word in words:
        found |= variants(word)
    return sorted({p.casefold() for p in found if MIN <= len(p) <= MAX})


if __name__ == "__main__":
    print("# Passwords of 12 or more characters attackers try first, compared case-insensitively.")
    print("# Generated by scripts/make-common-passwords.py (top breach-list words and keyboard walks")
    print("# with the suffixes, doublings and substitutions people add, and words predictable here).")
    for password in build():
        print(password)
