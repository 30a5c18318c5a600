"""`corpus-builder segment`: SIGHAN output format, stdin/file input, clear errors."""
from __future__ import annotations

from click.testing import CliRunner

from corpus_builder.cli import main


def run(args, data: bytes | None = None):
    return CliRunner().invoke(main, ["segment", *args], input=data)


def test_stdin_one_output_line_per_input_line():
    text = "中俄外长发表联合声明\n\n  上海合作组织　峰会 \r\n最后一行"
    result = run([], text.encode("utf-8"))
    assert result.exit_code == 0, result.output
    lines = result.output.split("\n")
    assert lines[:-1] == ["中俄 外长 发表 联合声明", "", "上海合作组织 峰会", "最后 一行"]
    assert lines[-1] == ""


def test_file_argument_and_bom(tmp_path):
    path = tmp_path / "in.txt"
    path.write_bytes("\ufeff欧亚经济联盟\n".encode("utf-8"))
    result = run([str(path)])
    assert result.exit_code == 0, result.output
    assert result.output == "欧亚经济联盟\n"


def test_russian_and_english(tmp_path):
    result = run(["--lang", "ru"], "Москва, Кремль.\n".encode("utf-8"))
    assert result.exit_code == 0 and result.output == "Москва , Кремль .\n"
    result = run(["--lang", "en"], b"Article 1.\n")
    assert result.exit_code == 0 and result.output == "Article 1 .\n"


def test_empty_input_gives_empty_output():
    result = run([], b"")
    assert result.exit_code == 0 and result.output == ""


def test_missing_file_is_a_usage_error(tmp_path):
    result = run([str(tmp_path / "nope.txt")])
    assert result.exit_code == 2
    assert "does not exist" in result.output
    assert "Traceback" not in result.output


def test_binary_and_non_utf8_input_are_refused(tmp_path):
    path = tmp_path / "blob.bin"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    result = run([str(path)])
    assert result.exit_code == 1
    assert "not UTF-8 text (invalid byte 0x89 on line 1)" in result.output
    path.write_bytes(b"ok\nELF\x00\x01\x02\n")
    result = run([str(path)])
    assert result.exit_code == 1
    assert "binary data (NUL byte) on line 2" in result.output
    result = run([], "中文\n".encode("gb18030"))
    assert result.exit_code == 1
    assert "not UTF-8 text" in result.output and "line 1" in result.output


def test_bad_language_option():
    result = run(["--lang", "de"], b"x\n")
    assert result.exit_code == 2 and "Invalid value" in result.output


def test_language_of_each_line_is_detected():
    text = "Стороны подтвердили\n中俄双方重申\nThe Sides reaffirm.\n2020.\n"
    result = run([], text.encode("utf-8"))
    assert result.exit_code == 0, result.output
    assert result.output.split("\n")[:4] == ["Стороны подтвердили", "中俄 双方 重申", "The Sides reaffirm .", "2020 ."]


def test_lang_option_overrides_detection():
    result = run(["--lang", "zh"], "Стороны\n".encode("utf-8"))
    assert result.exit_code == 0 and result.output != "Стороны\n"  # zh's rules on Cyrillic: letters apart
    assert run(["--lang", "ru"], "Стороны\n".encode("utf-8")).output == "Стороны\n"
