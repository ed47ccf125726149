class ConversionError(Exception):
    """A document could not be read; the message is one line meant for a person, naming the format and the
    document, and the line of the text where the problem is when there is one."""

    def __init__(self, message: str, line: int | None = None, format: str | None = None, document: str | None = None):
        self.message, self.line, self.format, self.document = message, line, format, document
        super().__init__(": ".join(part for part in (format, document, f"line {line}" if line else None, message) if part))

    def within(self, format: str, document: str) -> "ConversionError":
        """This error, said of a document read in a format."""
        return ConversionError(self.message, self.line, self.format or format, self.document or document)
