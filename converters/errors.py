class ConversionError(Exception):
    """A document could not be read; the message is one line meant for a person."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(f"line {line}: {message}" if line else message)
        self.line = line
