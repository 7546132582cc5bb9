"""Prompt files load, declare exactly their variables, and render only with exactly them."""

from __future__ import annotations

import pytest
from langchain_core.messages import HumanMessage, SystemMessage

from assistant.llm.prompts import PromptError, load_prompt, parse_prompt, prompt_files


def test_every_prompt_file_loads():
    files = prompt_files()
    assert {p.stem for p in files} >= {"table_extraction", "table_extraction_retry"}
    for path in files:
        prompt = load_prompt(path.stem)
        assert prompt.name == path.stem and prompt.version >= 1
        assert prompt.placeholders() == set(prompt.variables)


def test_table_extraction_prompt_renders_chinese_messages():
    prompt = load_prompt("table_extraction")
    messages = prompt.render(year=2023, format_name="2021 年版", catalog="表三…", notes="收到申请十二件")
    assert isinstance(messages[0], SystemMessage) and isinstance(messages[-1], HumanMessage)
    assert "2023" in messages[0].content and "收到申请十二件" in messages[-1].content
    assert "JSON" in messages[0].content  # json_object mode needs the word on some providers
    assert "{{" not in "".join(m.content for m in messages)


def test_missing_variable_is_a_clear_error():
    prompt = load_prompt("table_extraction")
    with pytest.raises(PromptError, match="缺少变量：notes"):
        prompt.render(year=2023, format_name="x", catalog="y")


def test_extra_variable_is_a_clear_error():
    with pytest.raises(PromptError, match="不接受这些变量：oops"):
        load_prompt("table_extraction_retry").render(problems="- x", oops=1)


def test_values_are_not_expanded_twice():
    msgs = load_prompt("table_extraction_retry").render_text(problems="{{ problems }} 与 {\"a\": 1}")
    assert '{{ problems }} 与 {"a": 1}' in msgs[0][1]


GOOD = """+++
name = "demo"
version = 2
variables = ["a"]
+++
@system
规则 {"json": true}
@user
值：{{ a }}
"""


def test_parse_prompt_keeps_single_braces_literal():
    prompt = parse_prompt(GOOD)
    assert prompt.render_text(a="1") == [("system", '规则 {"json": true}'), ("user", "值：1")]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (GOOD.replace('variables = ["a"]', 'variables = ["a", "b"]'), "没有用到：b"),
        (GOOD.replace('variables = ["a"]', "variables = []"), "未声明的变量：a"),
        (GOOD.replace("+++\nname", "name", 1), "元数据"),
        (GOOD.replace("@system\n", ""), "@system / @user"),
        (GOOD.replace("version = 2\n", ""), "元数据不完整"),
        (GOOD.replace("version = 2", "version = "), "TOML"),
    ],
)
def test_malformed_prompt_files_are_rejected(text, message):
    with pytest.raises(PromptError, match=message):
        parse_prompt(text)


def test_prompt_name_must_match_file_name(tmp_path):
    path = tmp_path / "other.md"
    path.write_text(GOOD, encoding="utf-8")
    with pytest.raises(PromptError, match="文件名"):
        parse_prompt(path.read_text(encoding="utf-8"), path=path)
