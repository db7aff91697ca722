/// The report in the machine-readable formats: JSON (one object with its
/// sections, each row an object with the section's keys), NDJSON (a line per
/// section) and CSV (long form: section, row, column, value).
extension Report {
    public func rendered(as format: OutputFormat, in language: Language = .en) -> String {
        switch format {
        case .table:
            return text(in: language)
        case .json:
            let header: [(key: String, value: OutputValue)] = [
                ("as_of", .text(asOf.text)), ("journeys", .int(openJourneys + closedJourneys)),
                ("open", .int(openJourneys)), ("closed", .int(closedJourneys)),
                ("min_cell", .int(suppression.minimum)), ("suppressed_groups", .int(suppressedGroups)),
            ]
            let fields = header.map { JSONText.string($0.key) + ":" + JSONText.value($0.value) }
            return "{" + fields.joined(separator: ",") + ",\"sections\":["
                + sections.map(Self.json).joined(separator: ",") + "]}\n"
        case .ndjson:
            return sections.map { Self.json($0) + "\n" }.joined()
        case .csv:
            var long = ResultTable(columns: ["section", "row", "column", "value"])
            for section in sections {
                for (index, row) in section.table.rows.enumerated() {
                    for (column, value) in zip(section.table.columns, row) {
                        long.append([.text(section.title), .int(index + 1), .text(column), .text(value.plainText)])
                    }
                }
            }
            return long.rendered(as: .csv)
        }
    }

    private static func json(_ section: Section) -> String {
        let rows = section.table.rows.map { row in
            JSONText.object(zip(section.table.columns, row).map { (key: $0, value: $1) })
        }
        return "{\"title\":" + JSONText.string(section.title) + ",\"note\":"
            + (section.note.map(JSONText.string) ?? "null") + ",\"rows\":[" + rows.joined(separator: ",") + "]}"
    }
}
