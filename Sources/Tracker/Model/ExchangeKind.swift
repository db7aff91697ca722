/// The kinds of rows that `import` reads and `export --kind` writes. Their
/// column names are the interface of both: an export is re-importable.
public enum ExchangeKind: String, Sendable, CaseIterable {
    case journeys, steps, obstacles, observations

    /// The columns in file order, as the design names them.
    public var columns: [String] {
        switch self {
        case .journeys: ["ref", "citizen", "type", "title", "goal", "owner", "opened_at", "closed_at", "outcome"]
        case .steps: ["journey_ref", "sector", "kind", "unit", "at", "ended_at", "note"]
        case .obstacles:
            ["journey_ref", "category", "sectors", "rule_ref", "severity", "delay_days", "staff_hours", "description",
             "logged_at", "status", "resolved_at", "resolution"]
        case .observations: ["journey_ref", "measure", "phase", "value", "observed_at"]
        }
    }

    /// The columns an import accepts: the exported ones, and for journeys a
    /// `cpr` column that may stand instead of `citizen`.
    public var importColumns: [String] {
        self == .journeys ? columns + ["cpr"] : columns
    }

    /// Columns every row must fill (journeys need `citizen` or `cpr` too).
    var requiredColumns: [String] {
        switch self {
        case .journeys: ["type"]
        case .steps: ["journey_ref", "sector", "kind"]
        case .obstacles: ["journey_ref", "category", "sectors", "description"]
        case .observations: ["journey_ref", "measure", "phase", "value"]
        }
    }

    /// The audit log's name for one row of this kind.
    var entity: String {
        switch self {
        case .journeys: "journey"
        case .steps: "step"
        case .obstacles: "obstacle"
        case .observations: "observation"
        }
    }
}

/// How an import file is written.
public enum InputFormat: String, Sendable, CaseIterable {
    case csv, ndjson

    /// NDJSON for `.ndjson` and `.jsonl`, CSV otherwise.
    public static func detect(path: String) -> InputFormat {
        let lowered = path.lowercased()
        return lowered.hasSuffix(".ndjson") || lowered.hasSuffix(".jsonl") ? .ndjson : .csv
    }
}
