/// Locates UTF-8 errors, for error messages only: the fast path decodes
/// with `String(validating:as:)`, and this runs when that has failed.
enum UTF8Validation {
    /// The offset of the first byte that does not start a valid UTF-8
    /// sequence, or nil when all of `bytes` is valid.
    static func firstErrorOffset(in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded):
                offset += encoded.count
            case .emptyInput:
                return nil
            case .error:
                return offset
            }
        }
    }

    /// How many line breaks (LF, CRLF or lone CR) come before the first
    /// UTF-8 error, so the error can name the physical line it is on.
    static func lineBreaksBeforeFirstError(in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        let end = firstErrorOffset(in: bytes) ?? bytes.count
        var breaks = 0
        var index = 0
        while index < end {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\r") {
                breaks += 1
            } else if byte == UInt8(ascii: "\n"), index == 0 || bytes[index - 1] != UInt8(ascii: "\r") {
                breaks += 1
            }
            index += 1
        }
        return breaks
    }
}
