extension String {
    /// The text without the characters of `set` at either end.
    public func trimming(_ set: Set<Character>) -> String {
        guard let first = firstIndex(where: { !set.contains($0) }),
              let last = lastIndex(where: { !set.contains($0) }) else { return "" }
        return String(self[first...last])
    }

    /// Without spaces and tabs at either end: how a typed or imported value is read.
    var trimmingSpaces: String { trimming([" ", "\t"]) }

    /// Without any white space at either end, line breaks included.
    var trimmingWhitespace: String { trimming([" ", "\t", "\n", "\r", "\r\n"]) }
}
