/// A stored value as command output: blobs as hex text.
extension OutputValue {
    public init(_ value: DatabaseValue) {
        switch value {
        case .null: self = .null
        case .integer(let integer): self = .integer(integer)
        case .real(let real): self = .real(real)
        case .text(let text): self = .text(text)
        case .blob(let bytes): self = .text(Hex.encode(bytes))
        }
    }
}
