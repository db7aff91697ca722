import Crypto

/// Turns CPR numbers into stable pseudonyms, so records about one person
/// can be linked without storing who the person is.
///
/// The pseudonym is "p-" followed by the first 20 lowercase hex characters
/// (80 bits) of HMAC-SHA256(key, the ten CPR digits). The same number and
/// key always give the same pseudonym; another key gives unrelated ones.
public struct Pseudonymizer: Sendable {
    /// What every pseudonym starts with, so it is never mistaken for a number.
    public static let prefix = "p-"
    /// Hex characters kept from the digest: 80 bits make an accidental
    /// clash between two people practically impossible.
    public static let hexCharacterCount = 20

    private let key: PseudonymKey

    /// A pseudonymizer using `key`.
    public init(key: PseudonymKey) {
        self.key = key
    }

    /// The pseudonym for a CPR number already normalized by
    /// `CPR.normalize(_:)` (ten digits, no hyphen). Pass normalized numbers
    /// only: "010190-1234" and "0101901234" would get different pseudonyms.
    public func pseudonym(forCPR normalizedCPR: String) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: Array(normalizedCPR.utf8), using: key.symmetricKey)
        return Self.prefix + Hex.encode(code.prefix(Self.hexCharacterCount / 2))
    }

    /// Normalizes `text` with `CPR.normalize(_:)`, then returns its pseudonym.
    /// - Throws: `CPRError` when `text` is not a valid CPR number.
    public func pseudonym(forCPRText text: String) throws(CPRError) -> String {
        pseudonym(forCPR: try CPR.normalize(text))
    }
}
