/// Citizens are pseudonymous: an opaque reference, or the keyed pseudonym of
/// a CPR number. The key lives outside the database, so a copy of the file
/// alone identifies no one.
extension TrackerStore {
    /// The key file beside the database: `DBFILE.key`, mode 0600.
    public static func keyFilePath(forDatabase path: String) -> String { path + ".key" }

    public var keyFilePath: String { Self.keyFilePath(forDatabase: path) }

    /// The pseudonymizer of this database: `$TRACKER_PSEUDONYM_KEY` when set,
    /// else the key file (`DBFILE.key` beside a file; on a server, the
    /// key file of the conninfo's service, `ServiceKeyFile`). A missing key
    /// file is an error, never a new key: a new key would give every known
    /// citizen a second pseudonym.
    public func pseudonymizer() throws -> Pseudonymizer {
        if let loadedPseudonymizer { return loadedPseudonymizer }
        let keyFile: String
        if db.engine == .postgresql {
            guard let serviceKey = ServiceKeyFile.path(forConninfo: path) else {
                if FileSystem.environment(PseudonymKey.environmentVariable) == nil {
                    // No file lives beside a server: the key is the caller's to give.
                    throw TrackerError.notFound(
                        "a CPR number needs the pseudonym key, and on PostgreSQL it comes from $TRACKER_PSEUDONYM_KEY "
                            + "or the key file of the conninfo's service",
                        hint: "set $TRACKER_PSEUDONYM_KEY to the municipality's key (the same on every machine), "
                            + "or connect with service=NAME and keep the key in ~/.config/tracker/NAME.key")
                }
                return try loaded(keyFile: nil)
            }
            keyFile = serviceKey
        } else {
            keyFile = keyFilePath
        }
        return try loaded(keyFile: keyFile)
    }

    private func loaded(keyFile: String?) throws -> Pseudonymizer {
        let shown = keyFile ?? "$\(PseudonymKey.environmentVariable)"
        do {
            var key = try PseudonymKey.fromEnvironment()
            if key == nil, let keyFile { key = try PseudonymKey.load(from: keyFile) }
            let pseudonymizer = Pseudonymizer(key: key!)
            loadedPseudonymizer = pseudonymizer
            return pseudonymizer
        } catch let error where error.isMissingFile {
            throw TrackerError.notFound(
                "the pseudonym key of this database is missing (\(shown))",
                hint: "restore the key file from its backup, or set $TRACKER_PSEUDONYM_KEY; "
                    + "a new key would split every citizen's history")
        } catch {
            throw TrackerError.badData("cannot use the pseudonym key: \(error)",
                                       hint: "restore \(shown) from its backup")
        }
    }

    /// The citizen id for an opaque reference or a CPR number (exactly one).
    /// The CPR number is turned into its pseudonym here and goes no further.
    public func citizenID(reference: String?, cpr: String?) throws -> String {
        switch (reference, cpr) {
        case (let reference?, nil):
            let id = try Validate.requiredText(reference, field: "citizen")
            guard id.utf8.count <= 200, !id.contains("\n") else {
                throw FieldError(field: "citizen", "a citizen reference is one line of at most 200 bytes")
            }
            return id
        case (nil, let cpr?):
            let normalized: String
            do { normalized = try CPR.normalize(cpr) } catch {
                throw FieldError(field: "cpr", error.description)
            }
            return try pseudonymizer().pseudonym(forCPR: normalized)
        case (nil, nil):
            throw TrackerError.usage("a citizen is required", hint: "pass --citizen REF or --cpr CPR")
        case (_?, _?):
            throw TrackerError.usage("give either a citizen reference or a CPR number, not both",
                                     hint: "pass --citizen REF or --cpr CPR")
        }
    }

    /// Records the citizen on first sight; true when it was new.
    @discardableResult
    func ensureCitizen(_ id: String, at now: String) throws -> Bool {
        try db.execute("INSERT OR IGNORE INTO citizens (id, created_at) VALUES (?, ?)", [id, now])
        return db.changes > 0
    }
}
