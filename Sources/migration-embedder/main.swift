// Writes a Swift source file holding every migration given on the command
// line: `migration-embedder OUTPUT.swift 0001_a.sql ... --postgresql 0001_a.sql ...`
// (SQLite's, then PostgreSQL's).
// The SQL is embedded as UTF-8 byte arrays, which survive any content
// (quotes, backslashes, `"""`) without escaping rules.
import Foundation

let arguments = CommandLine.arguments.dropFirst()
guard let output = arguments.first else {
    FileHandle.standardError.write(Data("usage: migration-embedder OUTPUT FILE.sql...\n".utf8))
    exit(64)
}

let files = Array(arguments.dropFirst())
let split = files.firstIndex(of: "--postgresql") ?? files.endIndex
var source = "// Generated from migrations/*.sql and migrations/postgresql/*.sql at build time. Do not edit.\n\n"
source += "extension Migration {\n"

func embed(_ paths: ArraySlice<String>, as name: String, _ comment: String) throws -> String {
    var source = "    /// \(comment)\n    public static let \(name): [Migration] = [\n"
    for path in paths.sorted(by: { ($0 as NSString).lastPathComponent < ($1 as NSString).lastPathComponent }) {
        let url = URL(fileURLWithPath: path)
        let data = try Data(contentsOf: url)
        guard String(data: data, encoding: .utf8) != nil else {
            FileHandle.standardError.write(Data("migration-embedder: \(path) is not UTF-8\n".utf8))
            exit(65)
        }
        let name = url.deletingPathExtension().lastPathComponent
        let bytes = data.map { String($0) }.joined(separator: ",")
        source += "        Migration(name: \"\(name)\", utf8: [\(bytes)]),\n"
    }
    source += "    ]\n"
    return source
}
source += try embed(files[..<split], as: "embedded", "The SQLite migrations this binary knows, in the order they apply.")
source += try embed(files[split...].dropFirst(), as: "embeddedPostgreSQL", "The same schema for PostgreSQL, migration by migration.")
source += "}\n"
try Data(source.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
