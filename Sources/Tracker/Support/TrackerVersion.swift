/// The version of this binary and of the schema it carries.
public enum TrackerVersion {
    public static let number = "0.6.0"

    /// The newest migration this binary carries: its schema version.
    public static var schema: String { Migration.embedded.map(\.name).max() ?? "none" }

    /// What `tracker --version` prints.
    public static var description: String { "tracker \(number) (schema \(schema))" }
}
