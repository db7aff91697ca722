/// Where the pseudonym key of a server database is kept when
/// `$TRACKER_PSEUDONYM_KEY` is not set: beside the user's settings, named
/// after the libpq service the conninfo names (`service=tracker` →
/// `$XDG_CONFIG_HOME/tracker/tracker.key`, by default
/// `~/.config/tracker/tracker.key`). A municipality hands its caseworkers
/// the service file and the key file together; the key never goes to the
/// server.
enum ServiceKeyFile {
    /// The key file of the service `conninfo` names; nil when it names no
    /// service (or the service name could leave the folder).
    static func path(forConninfo conninfo: String, environment: (String) -> String? = FileSystem.environment) -> String? {
        guard let service = serviceName(in: conninfo), !service.isEmpty, !service.contains("/"), service != ".", service != ".."
        else { return nil }
        let folder: String
        if let config = environment("XDG_CONFIG_HOME"), !config.isEmpty {
            folder = config
        } else if let home = environment("HOME"), !home.isEmpty {
            folder = home + "/.config"
        } else {
            return nil
        }
        return folder + "/tracker/" + service + ".key"
    }

    /// The value of `service` in a libpq conninfo: `key=value` words
    /// (a value may be single-quoted, with backslash escapes) or a
    /// `postgresql://` URI's query parameter.
    static func serviceName(in conninfo: String) -> String? {
        if conninfo.hasPrefix("postgresql://") || conninfo.hasPrefix("postgres://") {
            guard let query = conninfo.split(separator: "?", maxSplits: 1).dropFirst().first else { return nil }
            for parameter in query.split(separator: "&") {
                let parts = parameter.split(separator: "=", maxSplits: 1)
                if parts.count == 2, parts[0] == "service" { return percentDecoded(String(parts[1])) }
            }
            return nil
        }
        var characters = Array(conninfo)[...]
        while !characters.isEmpty {
            while characters.first?.isWhitespace == true { characters = characters.dropFirst() }
            var key = ""
            while let next = characters.first, next != "=", !next.isWhitespace { key.append(next); characters = characters.dropFirst() }
            while characters.first?.isWhitespace == true { characters = characters.dropFirst() }
            guard characters.first == "=" else { return nil }
            characters = characters.dropFirst()
            while characters.first?.isWhitespace == true { characters = characters.dropFirst() }
            var value = ""
            if characters.first == "'" {
                characters = characters.dropFirst()
                while let next = characters.first, next != "'" {
                    characters = characters.dropFirst()
                    if next == "\\", let escaped = characters.first {
                        value.append(escaped)
                        characters = characters.dropFirst()
                    } else {
                        value.append(next)
                    }
                }
                characters = characters.dropFirst()
            } else {
                while let next = characters.first, !next.isWhitespace { value.append(next); characters = characters.dropFirst() }
            }
            if key == "service" { return value }
        }
        return nil
    }

    private static func percentDecoded(_ text: String) -> String {
        var bytes: [UInt8] = []
        var utf8 = Array(text.utf8)[...]
        while let byte = utf8.first {
            utf8 = utf8.dropFirst()
            if byte == UInt8(ascii: "%"), utf8.count >= 2,
               let value = UInt8(String(decoding: utf8.prefix(2), as: UTF8.self), radix: 16) {
                bytes.append(value)
                utf8 = utf8.dropFirst(2)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
