"""Make the certificate fonts in learnlab/data/fonts from Debian's fonts-dejavu-core.

    .venv/bin/python scripts/subset-fonts.py [/usr/share/fonts/truetype/dejavu]

The PDF embeds the font. The full DejaVu Serif (380 KB, thousands of glyphs) costs fpdf2 about
0.2 s a document just to parse; kept to the scripts a certificate's names are written in (Latin
with its extensions, Greek, Cyrillic with the Kazakh, Kyrgyz and other letters of its supplement,
punctuation), it parses in a fraction of that. DejaVu's licence (LICENSE-DejaVu.txt) allows
modified copies; the family name is kept.
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset

SOURCE = Path(sys.argv[1] if len(sys.argv) > 1 else "/usr/share/fonts/truetype/dejavu")
TARGET = Path(__file__).resolve().parent.parent / "learnlab" / "data" / "fonts"
RANGES = [
    (0x0020, 0x024F),  # Basic Latin, Latin-1, Latin Extended-A and -B
    (0x0259, 0x0259),  # ə (Azerbaijani)
    (0x02B9, 0x02DD),  # modifier letters: apostrophes and accents used in names
    (0x0370, 0x03FF),  # Greek
    (0x0400, 0x052F),  # Cyrillic and Cyrillic Supplement: ә ғ қ ң ө ұ ү һ і and more
    (0x1E00, 0x1EFF),  # Latin Extended Additional
    (0x2010, 0x2044),  # dashes, quotes, ellipsis
    (0x20A0, 0x20BF),  # currency signs (₸ ₽ €)
    (0x2116, 0x2116),  # №
]


def main() -> None:
    unicodes = [cp for start, end in RANGES for cp in range(start, end + 1)]
    options = subset.Options()
    options.layout_features = ["kern", "liga"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    for name in ("DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf"):
        font = subset.load_font(str(SOURCE / name), options)
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=unicodes)
        subsetter.subset(font)
        subset.save_font(font, str(TARGET / name), options)
        print(name, (TARGET / name).stat().st_size, "bytes")


if __name__ == "__main__":
    main()
