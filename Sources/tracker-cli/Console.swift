#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Tracker

/// Data to stdout, messages to stderr; nothing else writes to the terminal.
enum Console {
    static var standardOutput: FileOutput { FileOutput.standardOutput.output }
    static var standardError: FileOutput { FileOutput.standardError.output }

    static func out(_ text: String) {
        standardOutput.write(text)
    }

    static func message(_ text: String) {
        standardError.write(text.hasSuffix("\n") ? text : text + "\n")
        try? standardError.flush()
    }

    static func print(_ table: ResultTable, as format: OutputFormat) {
        let table = format == .table ? table.forPeople() : table
        let output = standardOutput
        var writer = RowWriter(format: format, columns: table.columns) { output.write($0) }
        for row in table.rows { writer.write(row) }
        writer.finish()
    }

    static func finish() throws {
        try standardOutput.flush()
    }

    /// Prints a failure the way every command does: `error: ...` with a hint.
    static func fail(_ error: any UserFacingError) -> Never {
        try? standardOutput.flush()
        var text = "error: \(error.message)\n"
        if let hint = error.hint { text += "hint: \(hint)\n" }
        message(text)
        exit(error.kind.exitCode)
    }
}
