/// Exit codes of the readers' and privacy errors, beside the mapping of
/// every other error in `TrackerError.init(_:)`.
extension CSVError: UserFacingError {
    public var exitCode: TrackerError.Code { .badData }
}

extension JSONError: UserFacingError {
    public var exitCode: TrackerError.Code { .badData }
}

extension CPRError: UserFacingError {
    public var exitCode: TrackerError.Code { .badData }
}

extension InputFileError: UserFacingError {
    public var exitCode: TrackerError.Code { isMissingFile ? .notFound : .ioError }
    public var hint: String? {
        isMissingFile ? "check the file's path (relative paths start from the current directory)"
                      : "check that the file is readable and not a directory"
    }
}

extension PseudonymKeyError: UserFacingError {
    public var exitCode: TrackerError.Code { isMissingFile ? .notFound : .badData }
}
