/// A CPR number where none may stand, or a key that cannot be read, is bad
/// data; a key file that is missing is not found (and never silently made).
extension CPRError: UserFacingError {
    public var kind: FailureKind { .badData }
}

extension PseudonymKeyError: UserFacingError {
    public var kind: FailureKind { isMissingFile ? .notFound : .badData }
}
