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

    /// The actor recorded in the audit log: `--actor`, `$TRACKER_ACTOR`, `$USER`.
    public static func actor(explicit: String?, environment: (String) -> String? = FileSystem.environment) -> String {
        if let explicit, !explicit.isEmpty { return explicit }
        return environment("TRACKER_ACTOR") ?? environment("USER") ?? environment("LOGNAME") ?? "unknown"
    }
}
