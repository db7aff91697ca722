/// Lets the global options come before the command words
/// (`tracker --db X journey list`) by moving them after them, where every
/// subcommand's `@OptionGroup` reads them.
enum GlobalArguments {
    static let withValue: Set<String> = ["--db", "--actor", "--format", "--lang"]
    static let flags: Set<String> = ["--wide", "--excel"]

    /// The value of `--lang` wherever it stands before a `--`, so that even
    /// a message printed before the command is parsed speaks it.
    static func language(in arguments: [String]) -> String? {
        var found: String?
        for (index, argument) in arguments.enumerated() {
            if argument == "--" { break }
            if argument == "--lang", index + 1 < arguments.count { found = arguments[index + 1] }
            if argument.hasPrefix("--lang=") { found = String(argument.dropFirst("--lang=".count)) }
        }
        return found
    }

    static func movedAfterCommandWords(_ arguments: [String]) -> [String] {
        var leading: [String] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if flags.contains(argument) {
                leading.append(argument)
                index += 1
            } else if withValue.contains(argument), index + 1 < arguments.count {
                leading += [argument, arguments[index + 1]]
                index += 2
            } else if let name = argument.split(separator: "=", maxSplits: 1).first,
                      argument.contains("="), withValue.contains(String(name)) {
                leading.append(argument)
                index += 1
            } else {
                break
            }
        }
        guard !leading.isEmpty else { return arguments }
        let rest = Array(arguments[index...])
        // Keep them before a `--` that ends the options.
        if let terminator = rest.firstIndex(of: "--") {
            return Array(rest[..<terminator]) + leading + Array(rest[terminator...])
        }
        return rest + leading
    }
}
