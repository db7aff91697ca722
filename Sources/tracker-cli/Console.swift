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
        let text = language.message(text)
        standardError.write(text.hasSuffix("\n") ? text : text + "\n")
        try? standardError.flush()
    }

    /// Prints a table in `format`. The terminal table fits the terminal
    /// (unless `--wide`) and, for a listing, stops at `rowLimit` rows with a
    /// note on stderr; machine formats carry every row and every value whole.
    static func print(_ table: ResultTable, as format: OutputFormat, rowLimit: Int? = nil) {
        var table = format == .table ? table.forPeople().headed(in: language) : table
        var hidden = 0
        if format == .table, let rowLimit, table.rows.count > rowLimit {
            hidden = table.rows.count - rowLimit
            table.rows = Array(table.rows.prefix(rowLimit))
        }
        let output = standardOutput
        var writer = RowWriter(format: format, columns: table.columns, formatKeys: table.formatKeys,
                               maxWidth: format == .table ? tableWidth : nil,
                               dialect: csvDialect) {
            output.write($0)
        }
        for row in table.rows { writer.write(row) }
        writer.finish()
        if hidden > 0 {
            message("… and \(hidden) more row\(hidden == 1 ? "" : "s") (--limit 0 shows all; --format csv or json prints every row)")
        }
    }

    /// What a write prints: one line for people on stderr; in a machine
    /// format the written row on stdout, as one object in JSON.
    static func written(_ line: String, _ row: ResultTable, as format: OutputFormat) {
        message(line)
        switch format {
        case .table: break
        case .json: out(JSONText.object(row.records[0]) + "\n")
        case .csv, .ndjson: print(row, as: format)
        }
    }

    /// How many rows a listing shows in the terminal.
    static let listingRows = 100


    /// Set by `--lang` or `$TRACKER_LANG`: the language of headings and messages.
    nonisolated(unsafe) static var language = Language.en

    /// Set by `--excel`: CSV as Danish Excel reads it.
    nonisolated(unsafe) static var csvDialect = RowWriter.CSVDialect.standard

    /// Set by `--wide`: print every cell whole.
    nonisolated(unsafe) static var isWide = false

    /// The width the terminal table fits: `$COLUMNS`, else the terminal's,
    /// else 100; nil with `--wide`.
    static var tableWidth: Int? {
        guard !isWide else { return nil }
        if let columns = FileSystem.environment("COLUMNS").flatMap({ Int($0) }), columns > 20 { return columns }
        var size = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 20 { return Int(size.ws_col) }
        return 100
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
