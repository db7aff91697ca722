/// The formats every listing and analysis command can print.
public enum OutputFormat: String, Sendable, CaseIterable {
    /// Aligned columns for a terminal.
    case table
    /// An array of objects with snake_case keys.
    case json
    /// RFC 4180 with a header row.
    case csv
    /// One JSON object a line.
    case ndjson
}
