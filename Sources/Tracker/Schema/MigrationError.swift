/// Why this binary will not use a database: its recorded schema is newer
/// than the binary, differs from it, or is not a tracker schema at all. The
/// file is left untouched in every case.
public struct MigrationError: UserFacingError, Sendable, Equatable {
    public enum Reason: Sendable, Equatable {
        /// Migrations applied by a newer binary.
        case unknownMigrations([String])
        /// Applied migrations whose SQL differs from this binary's.
        case changedMigrations([String])
        /// A SQLite file with tables of its own and no migration record.
        case notATrackerDatabase
    }

    public let path: String
    public let reason: Reason

    public var kind: FailureKind {
        reason == .notATrackerDatabase ? .badData : .incompatibleSchema
    }

    public var description: String {
        switch reason {
        case .unknownMigrations(let names):
            "the database at \(path) has schema migrations this tracker does not know: " + names.joined(separator: ", ")
        case .changedMigrations(let names):
            "applied migrations differ from the ones this tracker carries: " + names.joined(separator: ", ")
        case .notATrackerDatabase:
            "\(path) is a SQLite database, but not a tracker database"
        }
    }

    public var hint: String? {
        switch reason {
        case .unknownMigrations: "use a newer tracker binary; this one leaves the file untouched"
        case .changedMigrations: "a shipped migration must never be edited; restore it and add a new numbered migration"
        case .notATrackerDatabase: "point --db at a tracker database, or at a new path to create one"
        }
    }
}
