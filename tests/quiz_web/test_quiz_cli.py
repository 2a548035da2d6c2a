"""The quiz import/export commands, end to end through the Flask CLI."""

import shutil
import xml.etree.ElementTree as ET  # noqa: S405 - parses our own output in a test

from learnlab import content
from tests.helpers import SITE

GIFT = """// A small GIFT sample
::q-seal::Which do you check first?{=The seal number#Yes ~Break the seal#No}

::q-tf::A one-digit seal difference is a risk indicator.{T}

This text has no answers: a description, which is not converted.

::essay::Describe your last examination.{}
"""


def test_import_writes_a_quiz_file_and_reports_what_it_left_out(app, tmp_path):
    quiz_dir = tmp_path / "quizzes"
    shutil.copytree(SITE / "quizzes", quiz_dir)
    app.config["QUIZ_DIR"] = str(quiz_dir)
    source = tmp_path / "sample.gift"
    source.write_text(GIFT, encoding="utf-8")
    result = app.test_cli_runner().invoke(
        args=["learnlab", "quiz", "import", str(source), "--slug", "imported", "--module", "alpha"]
    )
    assert result.exit_code == 0, result.output
    written = (quiz_dir / "imported.md").read_text(encoding="utf-8")
    assert "{#q-seal}" in written and "{#q-tf}" in written
    assert "{#essay}" in written and "type: essay" in written  # an essay is converted
    assert f"{source}:6:" in result.stderr  # the description, with its GIFT line
    again = app.test_cli_runner().invoke(
        args=["learnlab", "quiz", "import", str(source), "--slug", "imported"]
    )
    assert again.exit_code != 0 and "already exists" in again.output


def test_export_gift_and_moodle_xml(app, tmp_path):
    content.init_app(app)
    runner = app.test_cli_runner()
    gift = runner.invoke(args=["learnlab", "quiz", "export", "beta", "--format", "gift"])
    assert gift.exit_code == 0, gift.output
    assert "::q-first::" in gift.stdout and "=Compare the number" in gift.stdout
    out = tmp_path / "beta.xml"
    xml = runner.invoke(
        args=["learnlab", "quiz", "export", "beta", "--format", "moodle-xml", "--output", str(out)]
    )
    assert xml.exit_code == 0, xml.output
    root = ET.parse(out).getroot()  # noqa: S314 - our own file
    types = [q.get("type") for q in root.findall("question")]
    assert types == ["category", "multichoice", "truefalse"]
    missing = runner.invoke(args=["learnlab", "quiz", "export", "nope"])
    assert missing.exit_code != 0 and "no quiz 'nope'" in missing.output


def test_import_reads_moodle_xml(app, tmp_path):
    quiz_dir = tmp_path / "quizzes"
    shutil.copytree(SITE / "quizzes", quiz_dir)
    app.config["QUIZ_DIR"] = str(quiz_dir)
    source = SITE.parent / "moodle" / "bank.xml"
    result = app.test_cli_runner().invoke(
        args=["learnlab", "quiz", "import", str(source), "--slug", "from-moodle", "--module", "alpha"]
    )
    assert result.exit_code == 0, result.output
    written = (quiz_dir / "from-moodle.md").read_text(encoding="utf-8")
    assert "{#q-seal-check}" in written and "type: ordering" in written
    assert "type: essay" in written  # Moodle's essays come in, marked by a trainer
    assert f"{source}:114: error: an embedded answers (Cloze) question is not converted" in result.stderr
    assert "1 question(s) could not be converted" in result.stderr
    bomb = tmp_path / "bomb.xml"
    bomb.write_text('<!DOCTYPE quiz [<!ENTITY a "x">]><quiz/>', encoding="utf-8")
    refused = app.test_cli_runner().invoke(args=["learnlab", "quiz", "import", str(bomb), "--slug", "bomb"])
    assert refused.exit_code != 0 and "DOCTYPE" in refused.output
    assert not (quiz_dir / "bomb.md").exists()
