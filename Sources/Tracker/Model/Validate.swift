/// The rules every value passes on its way in, shared by the caseworker
/// commands and the import so the two can never disagree.
public enum Validate {
    /// The longest free text accepted in one field.
    public static let maximumTextLength = 10_000

    /// Free text: refused when it holds something shaped like a CPR number
    /// (the number is never echoed), control characters or excessive length.
    /// Empty text counts as absent.
    public static func text(_ value: String?, field: String) throws -> String? {
        guard let value, !value.isEmpty else { return nil }
        if CPRGuard.containsCPR(value) {
            throw FieldError(field: field, "contains something shaped like a CPR number",
                             hint: "never write CPR numbers in text; use --cpr on `journey open` to link the citizen")
        }
        guard value.utf8.count <= maximumTextLength else {
            throw FieldError(field: field, "is longer than \(maximumTextLength) bytes")
        }
        for scalar in value.unicodeScalars where scalar.value < 0x20 && scalar != "\n" && scalar != "\t" && scalar != "\r" {
            throw FieldError(field: field, "contains a control character (U+\(String(scalar.value, radix: 16, uppercase: true)))")
        }
        return value
    }

    /// Required free text.
    public static func requiredText(_ value: String?, field: String) throws -> String {
        guard let text = try text(value, field: field) else {
            throw FieldError(field: field, "is required and cannot be empty")
        }
        return text
    }

    /// A slug: lowercase letters, digits and underscores, starting with a letter.
    public static func slug(_ value: String, field: String) throws -> String {
        let bytes = Array(value.utf8)
        guard let first = bytes.first, first >= 97, first <= 122, bytes.count <= 64,
              bytes.allSatisfy({ ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 95 })
        else {
            throw FieldError(field: field, "'\(value)' is not a valid id: use lowercase letters, digits and _, starting with a letter")
        }
        return value
    }

    /// A date or instant, normalized to the stored UTC form.
    public static func date(_ value: String, field: String) throws -> String {
        guard let normalized = Timestamp.normalize(value) else {
            throw FieldError(field: field, "'\(value)' is not a date: use 2026-03-01 or 2026-03-01T09:30:00Z")
        }
        return normalized
    }

    /// A date option (`--from`, `--as-of`) as typed, in its stored form;
    /// anything else is bad data naming the option.
    public static func dateOption(_ text: String, option: String) throws -> String {
        guard let normalized = Timestamp.normalize(text) else {
            throw TrackerError.badData("\(option) \(text) is not a date", hint: "write dates as YYYY-MM-DD, e.g. 2026-03-01")
        }
        return normalized
    }

    public static func optionalDate(_ value: String?, field: String) throws -> String? {
        guard let value, !value.isEmpty else { return nil }
        return try date(value, field: field)
    }

    /// A finite number, zero or more.
    public static func nonNegative(_ value: Double?, field: String) throws -> Double? {
        guard let value else { return nil }
        guard value.isFinite else { throw FieldError(field: field, "must be a finite number") }
        guard value >= 0 else { throw FieldError(field: field, "cannot be negative (got \(NumberText.shortest(value)))") }
        return value
    }

    public static func finite(_ value: Double, field: String) throws -> Double {
        guard value.isFinite else { throw FieldError(field: field, "must be a finite number") }
        return value
    }

    /// Parses a number typed by a person or read from a file.
    public static func number(_ text: String, field: String) throws -> Double {
        let trimmed = text.trimmingSpaces
        guard !trimmed.isEmpty, let value = Double(trimmed), value.isFinite,
              !trimmed.lowercased().contains("n"), !trimmed.lowercased().contains("i")
        else {
            throw FieldError(field: field, "'\(text)' is not a finite number")
        }
        return value
    }

    /// A whole-number option (`--top`, `--limit`, `--stalled`) as typed:
    /// anything but digits, or a number below `minimum`, is bad data.
    public static func wholeNumber(_ text: String, option: String, minimum: Int? = 0) throws -> Int {
        guard let value = Int(text.trimmingSpaces), value >= (minimum ?? .min) else {
            let floor = minimum.map { " of at least \($0)" } ?? ""
            throw TrackerError.badData("\(option) \(text) is not a whole number\(floor)",
                                       hint: "write it in digits, e.g. \(option) \(max(minimum ?? 1, 1))")
        }
        return value
    }

    public static func severity(_ value: Int?, field: String = "severity") throws -> Int? {
        guard let value else { return nil }
        guard (1...5).contains(value) else { throw FieldError(field: field, "must be between 1 and 5 (got \(value))") }
        return value
    }

    /// `later` may not lie before `earlier` (compared as instants; a day
    /// counts from its start).
    public static func notBefore(_ later: String, _ earlier: String, field: String, what: String) throws {
        if isBefore(later, earlier) {
            throw FieldError(field: field, "\(later) lies before \(what) (\(earlier))")
        }
    }

    /// A dated event is logged once it has happened: more than a day after
    /// `now` is refused (a follow-up is what holds a due date).
    public static func notFuture(_ date: String, now: String, field: String) throws {
        guard let day = Timestamp.days(date), let today = Timestamp.days(now), day > today + 1 else { return }
        throw FieldError(field: field, "\(date) lies in the future",
                         hint: "log what has happened; `tracker journey follow-up` holds what is due")
    }

    /// A dated row of a journey (a step, obstacle, observation, note) does
    /// not come before the journey opened.
    public static func notBeforeOpening(_ date: String, of journey: Journey, field: String) throws {
        try notBefore(date, journey.openedAt, field: field, what: "the opening of journey \(journey.label)")
    }

    /// A step or obstacle of a closed journey may not come after its close.
    public static func notAfterClose(_ date: String, of journey: Journey, field: String) throws {
        guard let closed = journey.closedAt, isBefore(closed, date) else { return }
        throw FieldError(field: field, "\(date) lies after the close of journey \(journey.label) (\(closed))",
                         hint: "reopen it first: tracker journey reopen \(journey.label) --reason TEXT")
    }

    /// Whether `date` lies before `other`. A bare day is compared by day, so
    /// a step logged for the day a journey opened is never "before" an
    /// opening at 09:30 that day.
    public static func isBefore(_ date: String, _ other: String) -> Bool {
        // Stored dates are ASCII: their bytes compare as the text does.
        date.utf8.count == 10 || other.utf8.count == 10 ? date.utf8.prefix(10).lexicographicallyPrecedes(other.utf8.prefix(10))
                                                        : date < other
    }
}
