/// A value read from an import file, before it is checked: CSV gives text,
/// NDJSON may give numbers and lists too. Absent and empty values are nil.
enum ImportValue {
    case text(String)
    case number(JSONNumber)
    case list([String])
}

/// One data row of an import, its values in the order of the kind's
/// `importColumns`, with typed accessors that report bad values as
/// `FieldError`s naming the column.
struct ImportRow {
    let line: Int
    let columns: [String]
    var values: [ImportValue?]
    /// A problem with the row as a whole (wrong field count, unknown key).
    var problems: [ImportProblem] = []

    init(line: Int, columns: [String]) {
        self.line = line
        self.columns = columns
        self.values = Array(repeating: nil, count: columns.count)
    }

    func value(_ name: String) -> ImportValue? {
        guard let index = columns.firstIndex(of: name) else { return nil }
        return values[index]
    }

    func isPresent(_ name: String) -> Bool { value(name) != nil }

    func text(_ name: String) throws -> String? {
        switch value(name) {
        case nil: return nil
        case .text(let text): return text
        case .number: throw FieldError(field: name, "must be text (a JSON string), not a number")
        case .list: throw FieldError(field: name, "must be text, not a list")
        }
    }

    func requiredText(_ name: String) throws -> String {
        guard let text = try text(name) else { throw FieldError(field: name, "is required and cannot be empty") }
        return text
    }

    func number(_ name: String) throws -> Double? {
        switch value(name) {
        case nil: return nil
        case .text(let text): return try Validate.number(text, field: name)
        case .number(let number): return number.doubleValue
        case .list: throw FieldError(field: name, "must be a number, not a list")
        }
    }

    func integer(_ name: String) throws -> Int? {
        switch value(name) {
        case nil: return nil
        case .text(let text):
            guard let value = Int(text.trimmingSpaces) else { throw FieldError(field: name, "'\(text)' is not a whole number") }
            return value
        case .number(let number):
            guard let value = number.integerValue else { throw FieldError(field: name, "\(number.text) is not a whole number") }
            return value
        case .list: throw FieldError(field: name, "must be a whole number, not a list")
        }
    }

    /// A list: a JSON array of strings, or text joined with `;`.
    func list(_ name: String) throws -> [String] {
        switch value(name) {
        case nil: return []
        case .list(let items): return items.filter { !$0.isEmpty }
        case .text(let text):
            return text.split(separator: ";").map { String($0).trimmingSpaces }.filter { !$0.isEmpty }
        case .number: throw FieldError(field: name, "must be a list of ids, not a number")
        }
    }

    func choice<Value: CaseIterable & RawRepresentable>(_ name: String, as type: Value.Type) throws -> Value?
    where Value.RawValue == String {
        guard let text = try text(name) else { return nil }
        return try Value.parse(text, field: name)
    }
}
