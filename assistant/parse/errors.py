"""The one error a parser raises for input it cannot read. Its message is Chinese, for the user."""


from assistant.errors import NianbaoError


class ParseError(NianbaoError):
    """Input that is not a readable report: empty, binary, scanned PDF, unknown encoding…"""
