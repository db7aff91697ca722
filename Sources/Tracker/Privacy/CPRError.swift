/// Why a text is not a valid CPR number.
///
/// The message never repeats the number: error output ends up in logs and
/// terminal scrollback, where a CPR number must not appear.
public enum CPRError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The text is empty or only whitespace.
    case empty
    /// The text is not ten digits, with or without a hyphen after the sixth.
    case wrongFormat
    /// The first six digits are not a real date (DDMMYY) in the century the
    /// seventh digit selects.
    case invalidDate

    /// A sentence fit for a caseworker, without the number itself.
    public var description: String {
        switch self {
        case .empty:
            return "CPR number is empty"
        case .wrongFormat:
            return "CPR number must be ten digits, written DDMMYY-SSSS or DDMMYYSSSS"
        case .invalidDate:
            return "CPR number does not start with a valid date of birth (DDMMYY)"
        }
    }
}
