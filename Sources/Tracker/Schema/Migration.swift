import Crypto

/// One numbered schema change: plain SQL, applied once, in order.
public struct Migration: Sendable {
    /// The file name without `.sql`, e.g. `0001_initial`; names sort in order.
    public let name: String
    public let sql: String
    /// SHA-256 of the SQL text, hex: an applied migration whose file has
    /// since changed is detected instead of silently diverging.
    public let checksum: String

    public init(name: String, sql: String) {
        self.name = name
        self.sql = sql
        self.checksum = Hex.encode(SHA256.hash(data: Array(sql.utf8)))
    }

    init(name: String, utf8: [UInt8]) {
        self.init(name: name, sql: String(decoding: utf8, as: UTF8.self))
    }
}
