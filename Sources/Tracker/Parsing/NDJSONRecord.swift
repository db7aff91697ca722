/// One object read from an NDJSON file.
public struct NDJSONRecord: Equatable, Sendable {
    /// The physical line (1-based) the object was on.
    public let line: Int
    /// The object's members in input order; names are unique.
    public let members: [(key: String, value: JSONValue)]

    /// Creates a record.
    public init(line: Int, members: [(key: String, value: JSONValue)]) {
        self.line = line
        self.members = members
    }

    /// The value of the member named `key`, or nil when there is none.
    public subscript(key: String) -> JSONValue? {
        members.first { $0.key == key }?.value
    }

    /// Records are equal when their lines and members (in order) are equal.
    public static func == (lhs: NDJSONRecord, rhs: NDJSONRecord) -> Bool {
        lhs.line == rhs.line && JSONValue.object(lhs.members) == JSONValue.object(rhs.members)
    }
}
