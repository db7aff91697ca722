/// The readers' errors as a person meets them: malformed input is bad data;
/// a file that is not there is not found, one that cannot be read an I/O
/// failure.
extension CSVError: UserFacingError {
    public var kind: FailureKind { .badData }
}

extension JSONError: UserFacingError {
    public var kind: FailureKind { .badData }
}

extension InputFileError: UserFacingError {
    public var kind: FailureKind { isMissingFile ? .notFound : .ioError }
    public var hint: String? {
        isMissingFile ? "check the file's path (relative paths start from the current directory)"
                      : "check that the file is readable and not a directory"
    }
}
