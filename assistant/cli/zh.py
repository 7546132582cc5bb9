"""Chinese for the command-line framework's own words: usage errors, help headings, ``--help``.

click marks its messages for gettext (``from gettext import gettext as _`` in each module) and
typer builds its help panels from constants made the same way at import; typer ≥ 0.2x carries its
own copy of click (``typer._click``) whose usage errors are plain English f-strings. Rather than
changing the process's locale (``LANGUAGE``, which every child process would inherit),
:func:`install`

- points click's ``_``/``ngettext`` names at :data:`CATALOG` and re-translates typer's panel
  constants;
- translates the finished message of a usage error by pattern (:data:`PATTERNS`) where typer
  prints it, and the ``Usage:`` prefix and the ``--help`` line;
- explains typer's pydantic validation errors by their error type (:data:`PYDANTIC`).

Messages without a translation stay as they are. ``assistant.cli`` calls it once at import.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.util
import re
import sys
from typing import Any

CATALOG: dict[str, str] = {
    # click.exceptions / click.core / click.parser
    "Missing argument": "缺少参数",
    "Missing option": "缺少选项",
    "Missing parameter": "缺少参数",
    "Missing parameter: {param_name}": "缺少参数：{param_name}",
    "Missing {param_type}": "缺少{param_type}",
    "Missing command.": "缺少子命令。",
    "No such command {name!r}.": "没有这个命令：{name!r}。",
    "No such option {name!r}.": "没有这个选项：{name!r}。",
    "No such option: {name}": "没有这个选项：{name}",
    "Invalid value for {param_hint}: {message}": "{param_hint} 的值无效：{message}",
    "Invalid value: {message}": "值无效：{message}",
    "Error: {message}": "错误：{message}",
    "Try '{command} {option}' for help.": "运行 '{command} {option}' 查看用法。",
    "Could not open file {filename!r}: {message}": "无法打开文件 {filename!r}：{message}",
    "unknown error": "未知错误",
    "Aborted!": "已中止。",
    "Option {name!r} does not take a value.": "选项 {name!r} 不带值。",
    "Argument {name!r} takes {nargs} values.": "参数 {name!r} 需要 {nargs} 个值。",
    "Usage:": "用法：",
    "Options": "选项",
    "Arguments": "参数",
    "Commands": "命令",
    "Positional arguments": "位置参数",
    "Show this message and exit.": "显示本帮助并退出。",
    "Show the version and exit.": "显示版本并退出。",
    "default: {default}": "默认：{default}",
    "env var: {var}": "环境变量：{var}",
    "required": "必填",
    "deprecated": "已弃用",
    # click.types
    "{value!r} is not a valid {number_type}.": "{value!r} 不是有效的{number_type}。",
    "{value} is not in the range {range}.": "{value} 不在范围 {range} 内。",
    "{value!r} is not a valid boolean. Recognized values: {states}": "{value!r} 不是有效的是/否值，可用：{states}",
    "{name} {filename!r} does not exist.": "{name} {filename!r} 不存在。",
    "{name} {filename!r} is a directory.": "{name} {filename!r} 是目录。",
    "{name} {filename!r} is a file.": "{name} {filename!r} 是文件。",
    "{name} {filename!r} is not readable.": "{name} {filename!r} 不可读。",
    "{name} {filename!r} is not writable.": "{name} {filename!r} 不可写。",
    "file": "文件",
    "directory": "目录",
    "path": "路径",
    # typer.rich_utils
    "Error": "错误",
    "Aborted.": "已中止。",
    "(deprecated) ": "（已弃用）",
    "[default: {}]": "[默认：{}]",
    "[env var: {}]": "[环境变量：{}]",
    "[required]": "[必填]",
    "Try [blue]'{command_path} {help_option}'[/] for help.": "运行 [blue]'{command_path} {help_option}'[/] 查看用法。",
}

PLURALS: dict[str, str] = {
    "Got unexpected extra argument ({args})": "多出了无法识别的参数（{args}）",
    "Option {name!r} requires an argument.": "选项 {name!r} 需要一个值。",
    "Option {name!r} requires {nargs} arguments.": "选项 {name!r} 需要 {nargs} 个值。",
    "Did you mean {possibility}?": "是不是想用 {possibility}？",
    "{value!r} is not {choice}.": "{value!r} 不是可选值 {choice}。",
    "{value!r} is not one of {choices}.": "{value!r} 不在可选值 {choices} 中。",
}

# click's type names, shown in "… is not a valid {number_type}".
TYPE_NAMES = {"integer": "整数", "float": "数字", "integer range": "整数", "float range": "数字"}

# pydantic error types behind typer's parameter validation → Chinese.
PYDANTIC = {
    "int_parsing": "应为整数",
    "int_from_float": "应为整数",
    "float_parsing": "应为数字",
    "bool_parsing": "应为是或否（true/false）",
    "greater_than_equal": "不能小于 {ge}",
    "less_than_equal": "不能大于 {le}",
    "greater_than": "应大于 {gt}",
    "less_than": "应小于 {lt}",
    "path_type": "不是有效的路径",
    "missing": "缺少该值",
    "literal_error": "应为 {expected} 之一",
    "enum": "应为 {expected} 之一",
}


# Finished usage-error messages of typer's own click copy → Chinese (first match wins, applied
# repeatedly so "… . Did you mean …?" is translated piece by piece).
PATTERNS: list[tuple[re.Pattern[str], str]] = [(re.compile(p), r) for p, r in (
    (r"Missing argument (.+?)\.", r"缺少参数 \1。"),
    (r"Missing option (.+?)\.", r"缺少选项 \1。"),
    (r"Missing parameter (.+?)\.", r"缺少参数 \1。"),
    (r"Missing parameter: (\S+)", r"缺少参数：\1"),
    (r"Missing command\.", "缺少子命令。"),
    (r"No such option: (\S+)", r"没有这个选项：\1"),
    (r"No such command '(.+?)'\.?", r"没有这个命令：'\1'。"),
    (r"\(Possible options: (.+?)\)", r"（可用的选项：\1）"),
    (r"\.? ?Did you mean (.+?)\?", r"是不是想用 \1？"),
    (r"Invalid value for (.+?): ", r"\1 的值无效："),
    (r"Invalid value: ", "值无效："),
    (r"Got unexpected extra argument(?:\(s\)|s)? \((.+?)\)", r"多出了无法识别的参数（\1）"),
    (r"Option '(.+?)' requires an argument\.", r"选项 '\1' 需要一个值。"),
    (r"Option '(.+?)' requires (\d+) arguments\.", r"选项 '\1' 需要 \2 个值。"),
    (r"Option '(.+?)' does not take a value\.", r"选项 '\1' 不带值。"),
    (r"Value (.+?) is not a valid (.+?)\.", r"\1 不是有效的\2。"),
    (r"'(.+?)' is not one of (.+?)\.", r"'\1' 不在可选值 \2 中。"),
    (r"Could not open file (.+?): ", r"无法打开文件 \1："),
)]
HELP_OPTION = "显示本帮助并退出。"
USAGE_PREFIX = "用法："


def gettext(message: str) -> str:
    return CATALOG.get(message, message)


def translate(message: str) -> str:
    """A finished English usage-error message in Chinese, as far as the patterns reach."""
    for pattern, repl in PATTERNS:
        message = pattern.sub(repl, message)
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    chosen = singular if n == 1 else plural
    return PLURALS.get(chosen, chosen)


def _pydantic_message(exc: Any) -> str:
    errors = exc.errors()
    if not errors:
        return str(exc)
    first = errors[0]
    template = PYDANTIC.get(first.get("type", ""))
    if template is None:
        return str(first.get("msg", exc))
    try:
        return template.format(**(first.get("ctx") or {}))
    except (KeyError, IndexError):
        return template.split("{")[0].rstrip()


_CLICK_MODULES = ("core", "decorators", "exceptions", "formatting", "parser", "shell_completion", "termui",
                  "types", "utils")
_RICH_CONSTANTS = ("DEPRECATED_STRING", "DEFAULT_STRING", "ENVVAR_STRING", "REQUIRED_LONG_STRING",
                   "ARGUMENTS_PANEL_TITLE", "OPTIONS_PANEL_TITLE", "COMMANDS_PANEL_TITLE", "ERRORS_PANEL_TITLE",
                   "ABORTED_TEXT", "RICH_HELP")
_installed = False


def _click_package() -> Any:
    """The click typer uses: its own copy (typer ≥ 0.2x) or the click package."""
    try:
        return importlib.import_module("typer._click")
    except ImportError:
        return importlib.import_module("click")


def install() -> None:
    """Make click and typer speak Chinese (idempotent). typer's rich help module is patched when
    it is first imported (it loads rich's markdown support: not needed by most commands)."""
    global _installed
    if _installed:
        return
    _installed = True
    import typer.core

    tc = _click_package()
    for name in _CLICK_MODULES:
        try:
            mod = importlib.import_module(f"{tc.__name__}.{name}")
        except ImportError:
            continue
        if hasattr(mod, "_"):
            setattr(mod, "_", gettext)  # noqa: B010 - a module's gettext alias
        if hasattr(mod, "ngettext"):
            setattr(mod, "ngettext", ngettext)  # noqa: B010
    setattr(typer.core, "_", gettext)  # noqa: B010
    for type_ in (getattr(tc, "INT", None), getattr(tc, "FLOAT", None)):
        if type_ is not None:
            type_.name = TYPE_NAMES.get(type_.name, type_.name)
    for mod_name in ("typer._coercion", "typer._param_types"):
        try:
            mod = importlib.import_module(mod_name)
        except ImportError:  # another typer version: its messages stay English
            continue
        if hasattr(mod, "get_error_msg"):
            setattr(mod, "get_error_msg", _pydantic_message)  # noqa: B010
    _install_click_copy(tc)
    if "typer.rich_utils" in sys.modules:
        _install_rich(sys.modules["typer.rich_utils"])
    else:
        sys.meta_path.insert(0, _AfterImport("typer.rich_utils", _install_rich))


class _AfterImport(importlib.abc.MetaPathFinder):
    """Runs ``then(module)`` right after the module ``name`` is first imported."""

    def __init__(self, name: str, then: Any) -> None:
        self.name, self.then = name, then

    def find_spec(self, fullname: str, path: Any, target: Any = None) -> Any:
        if fullname != self.name:
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(fullname)
        if spec is None or spec.loader is None:
            return spec
        loader, then = spec.loader, self.then

        class Loader(importlib.abc.Loader):
            def create_module(self, spec: Any) -> Any:
                return loader.create_module(spec)

            def exec_module(self, module: Any) -> None:
                loader.exec_module(module)
                then(module)

        spec.loader = Loader()
        return spec


def _install_rich(ru: Any) -> None:
    """typer's rich help and error panels: headings, the error title, the help hint."""
    ru._ = gettext
    for const in _RICH_CONSTANTS:
        if hasattr(ru, const):
            setattr(ru, const, gettext(getattr(ru, const)))
    shown = ru.rich_format_error

    def rich_format_error(self: Any) -> None:
        message = translate(self.format_message())
        self.format_message = lambda: message  # this exception instance only
        shown(self)

    ru.rich_format_error = rich_format_error


def _install_click_copy(tc: Any) -> None:
    """Messages typer's click prints without gettext: the error shown without rich, the usage
    prefix, the --help line."""
    exc_cls = tc.exceptions.ClickException
    english_show = exc_cls.show

    def show(self: Any, file: Any = None) -> None:  # without rich
        message = translate(self.format_message())
        self.format_message = lambda: message
        english_show(self, file)

    exc_cls.show = show
    formatter = tc.formatting.HelpFormatter
    write_usage = formatter.write_usage

    def chinese_usage(self: Any, prog: str, args: str = "", prefix: str | None = None) -> None:
        write_usage(self, prog, args, USAGE_PREFIX if prefix is None else prefix)

    formatter.write_usage = chinese_usage
    command = tc.core.Command
    get_help_option = command.get_help_option

    def chinese_help_option(self: Any, ctx: Any) -> Any:
        option = get_help_option(self, ctx)
        if option is not None:
            option.help = HELP_OPTION
        return option

    command.get_help_option = chinese_help_option
