/// A strict recursive-descent JSON parser over UTF-8 bytes (RFC 8259).
///
/// Strict because exchange files come from other systems: anything the RFC
/// does not allow (comments, trailing commas, single quotes, NaN, lone
/// surrogates, invalid UTF-8) is rejected with its position, never guessed at.
struct JSONParser {
    private let bytes: UnsafeBufferPointer<UInt8>
    private let maximumDepth: Int
    private var position = 0
    private var depth = 0
    /// Line of `position`, and the offset where that line starts, for errors.
    private var line: Int
    private var lineStart = 0
    /// Reused for strings with escapes, so it is allocated once.
    private var stringBuffer: [UInt8] = []

    init(bytes: UnsafeBufferPointer<UInt8>, firstLine: Int, maximumDepth: Int) {
        self.bytes = bytes
        self.line = firstLine
        self.maximumDepth = maximumDepth
    }

    /// Parses a single value with optional surrounding whitespace.
    mutating func parseDocument() throws(JSONError) -> JSONValue {
        skipWhitespace()
        let value = try parseValue()
        skipWhitespace()
        guard position == bytes.count else { throw failure(.trailingCharacters) }
        return value
    }

    // MARK: Values

    private mutating func parseValue() throws(JSONError) -> JSONValue {
        guard position < bytes.count else {
            throw failure(.unexpectedEnd(expected: "a value"))
        }
        switch bytes[position] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"):
            try expectLiteral("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try expectLiteral("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try expectLiteral("null")
            return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return .number(try parseNumber())
        default:
            throw failure(.unexpectedCharacter(expected: "a value (object, array, string, number, true, false or null)"))
        }
    }

    private mutating func parseObject() throws(JSONError) -> JSONValue {
        try enterContainer()
        defer { depth -= 1 }
        position += 1
        skipWhitespace()
        var members: [(key: String, value: JSONValue)] = []
        if position < bytes.count, bytes[position] == UInt8(ascii: "}") {
            position += 1
            return .object(members)
        }
        // Small objects are checked for duplicate names by a linear scan;
        // a set is built only when an object grows large.
        var names: Set<String>?
        while true {
            skipWhitespace()
            guard position < bytes.count else {
                throw failure(.unexpectedEnd(expected: "a member name in double quotes"))
            }
            guard bytes[position] == UInt8(ascii: "\"") else {
                throw failure(.unexpectedCharacter(expected: "a member name in double quotes"))
            }
            let namePosition = position
            let name = try parseString()
            let isDuplicate: Bool
            if members.count < 16 {
                isDuplicate = members.contains { $0.key == name }
            } else {
                if names == nil { names = Set(members.map(\.key)) }
                isDuplicate = !names!.insert(name).inserted
            }
            if isDuplicate {
                throw failure(.duplicateKey(name: name), at: namePosition)
            }
            skipWhitespace()
            try expect(UInt8(ascii: ":"), describedAs: "':' after a member name")
            skipWhitespace()
            let value = try parseValue()
            members.append((key: name, value: value))
            skipWhitespace()
            guard position < bytes.count else {
                throw failure(.unexpectedEnd(expected: "',' or '}' after an object member"))
            }
            switch bytes[position] {
            case UInt8(ascii: ","):
                position += 1
            case UInt8(ascii: "}"):
                position += 1
                return .object(members)
            default:
                throw failure(.unexpectedCharacter(expected: "',' or '}' after an object member"))
            }
        }
    }

    private mutating func parseArray() throws(JSONError) -> JSONValue {
        try enterContainer()
        defer { depth -= 1 }
        position += 1
        skipWhitespace()
        var elements: [JSONValue] = []
        if position < bytes.count, bytes[position] == UInt8(ascii: "]") {
            position += 1
            return .array(elements)
        }
        while true {
            skipWhitespace()
            elements.append(try parseValue())
            skipWhitespace()
            guard position < bytes.count else {
                throw failure(.unexpectedEnd(expected: "',' or ']' after an array element"))
            }
            switch bytes[position] {
            case UInt8(ascii: ","):
                position += 1
            case UInt8(ascii: "]"):
                position += 1
                return .array(elements)
            default:
                throw failure(.unexpectedCharacter(expected: "',' or ']' after an array element"))
            }
        }
    }

    private mutating func enterContainer() throws(JSONError) {
        depth += 1
        guard depth <= maximumDepth else {
            throw failure(.nestingTooDeep(limit: maximumDepth))
        }
    }

    // MARK: Strings

    /// Parses a string starting at its opening quote.
    private mutating func parseString() throws(JSONError) -> String {
        let openingQuote = position
        position += 1
        var runStart = position
        var hasEscapes = false
        stringBuffer.removeAll(keepingCapacity: true)
        while true {
            guard position < bytes.count else {
                throw failure(.unexpectedEnd(expected: "the closing '\"' of a string"))
            }
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") { break }
            if byte == UInt8(ascii: "\\") {
                hasEscapes = true
                stringBuffer.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<position]))
                try parseEscape()
                runStart = position
                continue
            }
            if byte < 0x20 {
                throw failure(.controlCharacterInString)
            }
            position += 1
        }
        let closingQuote = position
        position += 1

        let decoded: String?
        if hasEscapes {
            stringBuffer.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<closingQuote]))
            decoded = stringBuffer.withUnsafeBufferPointer { String(validating: $0, as: UTF8.self) }
        } else {
            decoded = String(validating: UnsafeBufferPointer(rebasing: bytes[runStart..<closingQuote]), as: UTF8.self)
        }
        guard let decoded else {
            // Escapes produce ASCII or valid UTF-8, so the first invalid byte
            // of the raw text is where the problem is.
            let raw = UnsafeBufferPointer(rebasing: bytes[(openingQuote + 1)..<closingQuote])
            let offset = UTF8Validation.firstErrorOffset(in: raw) ?? 0
            throw failure(.invalidUTF8, at: openingQuote + 1 + offset)
        }
        return decoded
    }

    /// Parses an escape starting at its backslash and appends what it stands for.
    private mutating func parseEscape() throws(JSONError) {
        let backslash = position
        position += 1
        guard position < bytes.count else {
            throw failure(.unexpectedEnd(expected: "an escape character after '\\'"))
        }
        let escaped: UInt8
        switch bytes[position] {
        case UInt8(ascii: "\""): escaped = UInt8(ascii: "\"")
        case UInt8(ascii: "\\"): escaped = UInt8(ascii: "\\")
        case UInt8(ascii: "/"): escaped = UInt8(ascii: "/")
        case UInt8(ascii: "b"): escaped = 0x08
        case UInt8(ascii: "f"): escaped = 0x0C
        case UInt8(ascii: "n"): escaped = 0x0A
        case UInt8(ascii: "r"): escaped = 0x0D
        case UInt8(ascii: "t"): escaped = 0x09
        case UInt8(ascii: "u"):
            position += 1
            try appendUnicodeEscape(startingAt: backslash)
            return
        default:
            throw failure(.invalidEscape, at: backslash)
        }
        stringBuffer.append(escaped)
        position += 1
    }

    /// Handles `\uXXXX`, joining a surrogate pair written as two escapes.
    private mutating func appendUnicodeEscape(startingAt backslash: Int) throws(JSONError) {
        let unit = try readFourHexDigits()
        let scalarValue: UInt32
        switch unit {
        case 0xD800...0xDBFF:
            guard position + 1 < bytes.count,
                  bytes[position] == UInt8(ascii: "\\"),
                  bytes[position + 1] == UInt8(ascii: "u")
            else {
                throw failure(.loneSurrogate, at: backslash)
            }
            position += 2
            let low = try readFourHexDigits()
            guard (0xDC00...0xDFFF).contains(low) else {
                throw failure(.loneSurrogate, at: backslash)
            }
            scalarValue = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
        case 0xDC00...0xDFFF:
            throw failure(.loneSurrogate, at: backslash)
        default:
            scalarValue = unit
        }
        // Every value left is a valid scalar: surrogates were handled above.
        let scalar = Unicode.Scalar(scalarValue)!
        UTF8.encode(scalar) { stringBuffer.append($0) }
    }

    private mutating func readFourHexDigits() throws(JSONError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard position < bytes.count else {
                throw failure(.invalidUnicodeEscape)
            }
            let byte = bytes[position]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw failure(.invalidUnicodeEscape)
            }
            value = value << 4 | UInt32(digit)
            position += 1
        }
        return value
    }

    // MARK: Numbers and literals

    private mutating func parseNumber() throws(JSONError) -> JSONNumber {
        let start = position
        var isInteger = true
        if bytes[position] == UInt8(ascii: "-") { position += 1 }
        guard isDigit(at: position) else { throw failure(.invalidNumber, at: start) }
        if bytes[position] == UInt8(ascii: "0") {
            position += 1
            // JSON forbids leading zeros such as 007.
            if isDigit(at: position) { throw failure(.invalidNumber, at: start) }
        } else {
            skipDigits()
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
            isInteger = false
            position += 1
            guard isDigit(at: position) else { throw failure(.invalidNumber, at: start) }
            skipDigits()
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: "e") || bytes[position] == UInt8(ascii: "E") {
            isInteger = false
            position += 1
            if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") {
                position += 1
            }
            guard isDigit(at: position) else { throw failure(.invalidNumber, at: start) }
            skipDigits()
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
        guard let value = Double(text), value.isFinite else {
            throw failure(.numberOutOfRange, at: start)
        }
        return JSONNumber(text: text, doubleValue: value, isInteger: isInteger)
    }

    private func isDigit(at index: Int) -> Bool {
        index < bytes.count && bytes[index] >= UInt8(ascii: "0") && bytes[index] <= UInt8(ascii: "9")
    }

    private mutating func skipDigits() {
        while isDigit(at: position) { position += 1 }
    }

    private mutating func expectLiteral(_ literal: StaticString) throws(JSONError) {
        let start = position
        let expected = UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount)
        for byte in expected {
            guard position < bytes.count, bytes[position] == byte else {
                throw failure(.unexpectedCharacter(expected: "a value (object, array, string, number, true, false or null)"), at: start)
            }
            position += 1
        }
    }

    private mutating func expect(_ byte: UInt8, describedAs description: String) throws(JSONError) {
        guard position < bytes.count else { throw failure(.unexpectedEnd(expected: description)) }
        guard bytes[position] == byte else { throw failure(.unexpectedCharacter(expected: description)) }
        position += 1
    }

    private mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"):
                position += 1
            case UInt8(ascii: "\n"):
                position += 1
                line += 1
                lineStart = position
            default:
                return
            }
        }
    }

    /// An error at `index` (default: the current position). Strings cannot
    /// hold raw line feeds, so the line counted in whitespace is exact.
    private func failure(_ reason: JSONError.Reason, at index: Int? = nil) -> JSONError {
        let index = index ?? position
        return JSONError(line: line, column: index - lineStart + 1, reason: reason)
    }
}
