/// Whether a `--db` names a PostgreSQL database rather than a SQLite file:
/// a `postgresql://` (or `postgres://`) URI, or a libpq conninfo string of
/// `keyword=value` pairs (`service=tracker`, `host=/run/pg dbname=tracker`).
public enum PostgresLocation {
    /// The conninfo keywords libpq knows; a path that merely holds an `=`
    /// is still a file.
    static let keywords: Set<String> = [
        "host", "hostaddr", "port", "dbname", "user", "password", "passfile", "service", "sslmode", "sslcert", "sslkey",
        "sslrootcert", "sslcrl", "application_name", "connect_timeout", "options", "target_session_attrs", "gssencmode",
        "krbsrvname", "channel_binding", "requiressl", "sslpassword", "keepalives",
    ]

    public static func isPostgres(_ location: String) -> Bool {
        if location.hasPrefix("postgresql://") || location.hasPrefix("postgres://") { return true }
        guard let first = location.split(whereSeparator: { $0 == " " || $0 == "\t" }).first,
              let equals = first.firstIndex(of: "=") else { return false }
        return keywords.contains(String(first[..<equals]))
    }

    /// The location with any password blanked, fit for messages and the audit log.
    static func displayName(of conninfo: String) -> String {
        if let schemeEnd = conninfo.firstRange(of: "://")?.upperBound {
            // postgresql://user:secret@host/db → postgresql://user@host/db
            guard let at = conninfo[schemeEnd...].firstIndex(of: "@") else { return redactedQuery(conninfo) }
            let user = conninfo[schemeEnd..<at].split(separator: ":", maxSplits: 1).first.map(String.init) ?? ""
            return redactedQuery(String(conninfo[..<schemeEnd]) + user + String(conninfo[at...]))
        }
        return conninfo.split(separator: " ").map { pair in
            pair.hasPrefix("password=") ? "password=…" : String(pair)
        }.joined(separator: " ")
    }

    private static func redactedQuery(_ uri: String) -> String {
        guard let question = uri.firstIndex(of: "?") else { return uri }
        let query = uri[uri.index(after: question)...].split(separator: "&").map { pair in
            pair.hasPrefix("password=") ? "password=…" : String(pair)
        }
        return String(uri[...question]) + query.joined(separator: "&")
    }
}
