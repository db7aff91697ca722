/// Where the database lives when `--db` is not given: `$TRACKER_DB`, else
/// the XDG data directory (`$XDG_DATA_HOME/tracker/tracker.sqlite`, by
/// default `~/.local/share/tracker/tracker.sqlite`).
public enum DatabaseLocation {
    public static func resolve(explicit: String?, environment: (String) -> String? = FileSystem.environment) throws -> String {
        if let explicit, !explicit.isEmpty { return explicit }
        if let path = environment("TRACKER_DB") { return path }
        if let dataHome = environment("XDG_DATA_HOME") { return dataHome + "/tracker/tracker.sqlite" }
        guard let home = environment("HOME") else {
            throw TrackerError.usage("no database path: neither --db, $TRACKER_DB, $XDG_DATA_HOME nor $HOME is set",
                                     hint: "pass --db PATH")
        }
        return home + "/.local/share/tracker/tracker.sqlite"
    }

    /// The actor recorded in the audit log: `--actor`, else `$TRACKER_ACTOR`,
    /// else `$USER`; nil when none is set.
    public static func actor(explicit: String?, environment: (String) -> String? = FileSystem.environment) -> String? {
        if let explicit, !explicit.trimmingSpaces.isEmpty { return explicit.trimmingSpaces }
        return environment("TRACKER_ACTOR") ?? environment("USER")
    }

    /// The actor of a command that writes: a change is never recorded as by
    /// no one (usage error, exit 64).
    public static func requiredActor(explicit: String?, environment: (String) -> String? = FileSystem.environment) throws -> String {
        guard let actor = actor(explicit: explicit, environment: environment) else {
            throw TrackerError.usage("no actor: every change is recorded with who made it",
                                     hint: "pass --actor NAME, or set $TRACKER_ACTOR (or $USER)")
        }
        guard actor.utf8.count <= 200, !actor.contains("\n"), !CPRGuard.containsCPR(actor) else {
            throw TrackerError.badData("the actor must be one line of at most 200 bytes, with no CPR number")
        }
        return actor
    }
}
