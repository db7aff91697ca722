/// The language people read: table headings, messages and the report.
/// Keys, ids, values and every machine format stay as they are in any
/// language, so scripts never depend on it.
public enum Language: String, Sendable, CaseIterable {
    case en
    case da

    /// `--lang`, else `$TRACKER_LANG`, else English. An unknown language is
    /// a usage error rather than a silent fallback.
    public static func resolve(explicit: String?) throws -> Language {
        let given = explicit ?? FileSystem.environment("TRACKER_LANG").flatMap { $0.isEmpty ? nil : $0 }
        guard let given else { return .en }
        // A locale such as da_DK.UTF-8 names its language first.
        let code = given.prefix { $0.isLetter }.lowercased()
        guard let language = Language(rawValue: code) else {
            throw TrackerError.usage("unknown language '\(given)'", hint: "give --lang da or --lang en")
        }
        return language
    }

    /// The heading people read over a column keyed `key`.
    public func heading(_ key: String) -> String {
        switch self {
        case .en: key
        case .da: Phrasebook.danishHeadings[key] ?? key
        }
    }

    /// A message in this language: a known sentence is translated whole
    /// (its values carried over), anything else stays as written.
    public func message(_ text: String) -> String {
        switch self {
        case .en: text
        case .da: Phrasebook.danish.translate(text)
        }
    }
}

extension ResultTable {
    /// The same table with its headings in `language`.
    public func headed(in language: Language) -> ResultTable {
        guard language != .en else { return self }
        var table = self
        table.formatKeys = formatKeys ?? columns
        table.columns = columns.map(language.heading)
        if let suppression {
            table.suppression = SuppressionMark(countColumn: language.heading(suppression.countColumn),
                                                minimum: suppression.minimum)
        }
        return table
    }
}

/// Sentences with holes (`{}`) and their translations, matched whole. The
/// holes carry ids, names, dates and counts across unchanged.
struct Phrasebook: Sendable {
    struct Entry: Sendable {
        /// The English sentence cut at its holes.
        let pieces: [Substring]
        /// The translation cut at its holes; hole i takes the i-th value.
        let translation: [Substring]
    }

    let entries: [Entry]

    init(_ pairs: [(String, String)]) {
        entries = pairs.map { english, translated in
            let pieces = english.split(separator: "{}", omittingEmptySubsequences: false)
            let translation = translated.split(separator: "{}", omittingEmptySubsequences: false)
            precondition(pieces.count == translation.count, "a translation keeps every hole: \(english)")
            return Entry(pieces: pieces, translation: translation)
        }
    }

    /// `text` translated line by line; an `error:`, `hint:` or `warning:`
    /// prefix is translated apart from its sentence.
    func translate(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            for (prefix, translated) in Self.prefixes where line.hasPrefix(prefix) {
                return translated + translateSentence(line.dropFirst(prefix.count))
            }
            return translateSentence(line)
        }.joined(separator: "\n")
    }

    private func translateSentence(_ line: Substring) -> String {
        for entry in entries {
            if let values = entry.match(line) {
                var result = String(entry.translation[0])
                for (value, piece) in zip(values, entry.translation.dropFirst()) {
                    result += value
                    result += piece
                }
                return result
            }
        }
        return String(line)
    }

    static let prefixes: [(String, String)] = [
        ("error: ", "fejl: "), ("hint: ", "tip: "), ("warning: ", "advarsel: "), ("try: ", "prøv: "),
    ]
}

extension Phrasebook.Entry {
    /// The values in the holes when `line` is this sentence; each hole takes
    /// the shortest text up to the next piece, the last one the rest.
    func match(_ line: Substring) -> [Substring]? {
        guard line.hasPrefix(pieces[0]) else { return nil }
        var rest = line.dropFirst(pieces[0].count)
        var values: [Substring] = []
        for (index, piece) in pieces.enumerated().dropFirst() {
            if index == pieces.count - 1 {
                guard rest.hasSuffix(piece), rest.count >= piece.count else { return nil }
                values.append(rest.dropLast(piece.count))
                return values
            }
            guard let found = rest.firstRange(of: piece) else { return nil }
            values.append(rest[..<found.lowerBound])
            rest = rest[found.upperBound...]
        }
        return rest.isEmpty ? values : nil
    }
}
