import Tracker

/// The one place where a kind of failure becomes the process's exit code,
/// as sysexits(3) numbers them and the README promises.
extension FailureKind {
    var exitCode: Int32 {
        switch self {
        case .usage: 64          // EX_USAGE
        case .badData: 65        // EX_DATAERR
        case .notFound: 66       // EX_NOINPUT
        case .cannotCreate: 73   // EX_CANTCREAT
        case .ioError: 74        // EX_IOERR
        case .busy: 75           // EX_TEMPFAIL
        case .incompatibleSchema: 78  // EX_CONFIG
        }
    }
}
