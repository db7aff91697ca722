/// The tool's SQL is written once, in the SQL that SQLite and PostgreSQL
/// share; what differs in syntax is rewritten here, token by token, before
/// PostgreSQL prepares a statement. What differs in functions (SQLite's
/// `julianday`, `total`, `group_concat`…) PostgreSQL gets as functions of
/// the same name from `migrations/postgresql/`.
///
/// Rewritten, outside string literals, quoted names and comments:
/// - parameters `?` and `?N` become `$n` and `$N`;
/// - `a IS b` and `a IS NOT b` (SQLite's null-safe comparison) become
///   `IS NOT DISTINCT FROM` and `IS DISTINCT FROM`, unless `b` is `NULL`,
///   `TRUE`, `FALSE` or already `DISTINCT`;
/// - `INSERT OR IGNORE INTO …` becomes `INSERT INTO … ON CONFLICT DO NOTHING`;
/// - the schema prefixes `main.` and `temp.` go (PostgreSQL finds temporary
///   tables first by itself);
/// - a unary `+` before a column (SQLite's hint to leave an index out) goes;
/// - `CROSS JOIN t ON …` (SQLite's way to fix the join order) becomes
///   `JOIN t ON …`;
/// - a subquery in FROM or JOIN without a name gets one (PostgreSQL before
///   16 demands it).
enum PostgresDialect {
    struct Translation: Equatable {
        let sql: String
        /// The highest parameter number used.
        let parameterCount: Int
        /// Parameter numbers below the highest that the SQL never uses: the
        /// server cannot infer their types, so they are declared text.
        var unusedParameters: Set<Int> = []

        /// The parameter types to declare for these values: what each value
        /// is (bigint, double precision, bytea), left to the server (0) for
        /// text and NULL, which take the type of where they stand, as
        /// SQLite's values do; text for a number the SQL never uses.
        func declaredTypes(for values: [DatabaseValue]) -> [UInt32] {
            (0..<parameterCount).map { offset in
                if unusedParameters.contains(offset + 1) { return 25 }
                guard offset < values.count else { return 0 }
                switch values[offset] {
                case .integer: return PostgresType.bigint
                case .real: return PostgresType.double
                case .blob: return PostgresType.bytea
                case .text, .null: return 0
                }
            }
        }
    }

    /// Whether `sql` holds anything but blanks, semicolons and comments.
    static func hasStatement(_ sql: String) -> Bool {
        var rest = Substring(sql)
        while let first = rest.first {
            if first == " " || first == "\n" || first == "\t" || first == "\r" || first == ";" {
                rest = rest.dropFirst()
            } else if rest.hasPrefix("--") {
                rest = rest.drop { $0 != "\n" }
            } else if rest.hasPrefix("/*") {
                guard let end = rest.firstRange(of: "*/") else { return false }
                rest = rest[end.upperBound...]
            } else {
                return true
            }
        }
        return false
    }

    static func translate(_ sql: String) -> Translation {
        let bytes = Array(sql.utf8)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + 16)
        var index = 0
        var nextParameter = 1
        var highest = 0
        var used: Set<Int> = []
        var appendOnConflict = false
        /// The last word copied, upper-cased; "" after any other token.
        var lastWord = ""
        /// For each open parenthesis: whether it opens a subquery in FROM or JOIN.
        var parentheses: [Bool] = []
        var subqueries = 0
        let followers: Set<String> = ["", "WHERE", "ORDER", "GROUP", "UNION", "LIMIT", "JOIN", "LEFT", "INNER", "CROSS",
                                      "ON", "HAVING", "EXCEPT", "INTERSECT", "WINDOW", "OFFSET", "NATURAL", "FULL", "RIGHT"]

        func isWordByte(_ byte: UInt8) -> Bool {
            (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x5F
        }
        /// The word starting at `at` (letters, digits, `_`), upper-cased.
        func word(at start: Int) -> (text: String, end: Int) {
            var end = start
            while end < bytes.count, isWordByte(bytes[end]) { end += 1 }
            return (String(decoding: bytes[start..<end], as: UTF8.self).uppercased(), end)
        }
        func skipSpace(from start: Int) -> Int {
            var at = start
            while at < bytes.count, bytes[at] == 0x20 || bytes[at] == 0x0A || bytes[at] == 0x09 || bytes[at] == 0x0D { at += 1 }
            return at
        }

        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "'"), UInt8(ascii: "\""):
                // A literal or a quoted name, copied whole ('' and "" escape).
                var end = index + 1
                while end < bytes.count {
                    if bytes[end] == byte {
                        if end + 1 < bytes.count, bytes[end + 1] == byte { end += 2; continue }
                        break
                    }
                    end += 1
                }
                let stop = min(end + 1, bytes.count)
                output.append(contentsOf: bytes[index..<stop])
                index = stop
            case UInt8(ascii: "-") where index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "-"):
                var end = index
                while end < bytes.count, bytes[end] != 0x0A { end += 1 }
                output.append(contentsOf: bytes[index..<end])
                index = end
            case UInt8(ascii: "/") where index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "*"):
                var end = index + 2
                while end + 1 < bytes.count, !(bytes[end] == UInt8(ascii: "*") && bytes[end + 1] == UInt8(ascii: "/")) { end += 1 }
                let stop = min(end + 2, bytes.count)
                output.append(contentsOf: bytes[index..<stop])
                index = stop
            case UInt8(ascii: "("):
                parentheses.append(lastWord == "FROM" || lastWord == "JOIN")
                lastWord = ""
                output.append(byte)
                index += 1
            case UInt8(ascii: ")"):
                output.append(byte)
                index += 1
                lastWord = ""
                if parentheses.popLast() == true {
                    let next = skipSpace(from: index)
                    let following = next < bytes.count && isWordByte(bytes[next]) ? word(at: next).text : ""
                    if following.isEmpty ? (next >= bytes.count || [UInt8(ascii: ")"), UInt8(ascii: ","), UInt8(ascii: ";")].contains(bytes[next]))
                                         : followers.contains(following) {
                        subqueries += 1
                        output.append(contentsOf: " AS subquery_\(subqueries)".utf8)
                    }
                }
            case UInt8(ascii: "+") where ["WHERE", "AND", "OR", "ON", "BY", "NOT", "SELECT"].contains(lastWord)
                && index + 1 < bytes.count && isWordByte(bytes[index + 1]):
                // SQLite's unary plus that keeps an index out of a term: no meaning to PostgreSQL.
                index += 1
            case UInt8(ascii: "?"):
                var end = index + 1
                while end < bytes.count, bytes[end] >= 0x30 && bytes[end] <= 0x39 { end += 1 }
                let number = end > index + 1 ? Int(String(decoding: bytes[(index + 1)..<end], as: UTF8.self))! : nextParameter
                nextParameter = number + 1
                highest = max(highest, number)
                used.insert(number)
                output.append(UInt8(ascii: "$"))
                output.append(contentsOf: String(number).utf8)
                index = end
            case _ where isWordByte(byte) && (index == 0 || !isWordByte(bytes[index - 1])):
                let (text, end) = word(at: index)
                lastWord = text
                if text == "IS" {
                    let next = word(at: skipSpace(from: end))
                    if next.text == "NOT" {
                        let after = word(at: skipSpace(from: next.end))
                        if ["NULL", "TRUE", "FALSE", "DISTINCT"].contains(after.text) {
                            output.append(contentsOf: bytes[index..<end])
                            index = end
                        } else {
                            output.append(contentsOf: "IS DISTINCT FROM".utf8)
                            index = next.end
                        }
                    } else if ["NULL", "TRUE", "FALSE", "DISTINCT"].contains(next.text) {
                        output.append(contentsOf: bytes[index..<end])
                        index = end
                    } else {
                        output.append(contentsOf: "IS NOT DISTINCT FROM".utf8)
                        index = end
                    }
                } else if text == "INSERT" {
                    let or = word(at: skipSpace(from: end))
                    let ignore = word(at: skipSpace(from: or.end))
                    if or.text == "OR", ignore.text == "IGNORE" {
                        output.append(contentsOf: "INSERT".utf8)
                        appendOnConflict = true
                        index = ignore.end
                    } else {
                        output.append(contentsOf: bytes[index..<end])
                        index = end
                    }
                } else if text == "CROSS", word(at: skipSpace(from: end)).text == "JOIN", {
                    // CROSS JOIN table [alias] ON: an inner join with a fixed order.
                    let join = word(at: skipSpace(from: end))
                    let table = word(at: skipSpace(from: join.end))
                    var next = word(at: skipSpace(from: table.end))
                    if next.text != "ON" { next = word(at: skipSpace(from: next.end)) }
                    return !table.text.isEmpty && next.text == "ON"
                }() {
                    index = skipSpace(from: end)
                } else if (text == "MAIN" || text == "TEMP") && end < bytes.count && bytes[end] == UInt8(ascii: ".") {
                    index = end + 1
                } else {
                    output.append(contentsOf: bytes[index..<end])
                    index = end
                }
            default:
                if byte != 0x20 && byte != 0x0A && byte != 0x09 && byte != 0x0D { lastWord = "" }
                output.append(byte)
                index += 1
            }
        }
        if appendOnConflict {
            while let last = output.last, last == 0x20 || last == 0x0A || last == UInt8(ascii: ";") { output.removeLast() }
            output.append(contentsOf: " ON CONFLICT DO NOTHING".utf8)
        }
        return Translation(sql: String(decoding: output, as: UTF8.self), parameterCount: highest,
                           unusedParameters: highest == 0 ? [] : Set(1...highest).subtracting(used))
    }
}
