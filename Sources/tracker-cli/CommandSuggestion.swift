import ArgumentParser
import Tracker

/// `tracker jurney` names no command: say so, and name the nearest one.
enum CommandSuggestion {
    /// The error for the first command word that names no subcommand of
    /// the command before it; nil when every word is known.
    static func unknownCommand(in arguments: [String], root: any ParsableCommand.Type) -> TrackerError? {
        var command = root
        var path = ["tracker"]
        for word in arguments {
            if word.hasPrefix("-") { return nil }
            let subcommands = command.configuration.subcommands
            guard !subcommands.isEmpty else { return nil }
            let names = subcommands.compactMap { $0.configuration.commandName }
            if word == "help" { return nil }
            guard let index = names.firstIndex(of: word) else {
                let nearest = names.min { distance(word, $0) < distance(word, $1) }
                let close = nearest.map { distance(word, $0) <= max(2, $0.count / 3) } ?? false
                return TrackerError.usage(
                    "`\(path.joined(separator: " ")) \(word)` is not a command",
                    hint: (close ? "did you mean `\(path.joined(separator: " ")) \(nearest!)`? " : "")
                        + "`\(path.joined(separator: " ")) --help` lists: " + names.joined(separator: ", "))
            }
            command = subcommands[index]
            path.append(word)
        }
        return nil
    }

    /// Levenshtein distance: edits from one word to the other.
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var previous = Array(0...b.count)
        for (i, x) in a.enumerated() {
            var current = [i + 1] + Array(repeating: 0, count: b.count)
            for (j, y) in b.enumerated() {
                current[j + 1] = min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
