import Foundation

/// The built `tracker` binary, beside the test bundle in the build folder.
enum TrackerBinary {
    static let path: String = {
        if let explicit = ProcessInfo.processInfo.environment["TRACKER_BINARY"] { return explicit }
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("tracker").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        let fromSource = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".build/debug/tracker").path
        return fromSource
    }()
}

struct RunResult {
    let status: Int32
    let stdout: String
    let stderr: String
}

/// Runs the binary with arguments, an environment and optional stdin.
@discardableResult
func runTracker(_ arguments: [String], environment: [String: String] = [:], directory: String? = nil, input: String? = nil) throws -> RunResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: TrackerBinary.path)
    process.arguments = arguments
    var env = ProcessInfo.processInfo.environment
    env["TRACKER_DB"] = nil
    // Every write needs an actor; a test that wants none passes "" for it.
    env["TRACKER_ACTOR"] = "tester"
    env["TRACKER_PSEUDONYM_KEY"] = nil
    env["TRACKER_LANG"] = nil
    for (key, value) in environment { env[key] = value }
    process.environment = env
    if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
    let out = Pipe(), err = Pipe(), inPipe = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = inPipe
    try process.run()
    if let input { inPipe.fileHandleForWriting.write(Data(input.utf8)) }
    try inPipe.fileHandleForWriting.close()
    // Read both pipes before waiting, so a large output cannot block the child.
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return RunResult(status: process.terminationStatus,
                     stdout: String(decoding: outData, as: UTF8.self),
                     stderr: String(decoding: errData, as: UTF8.self))
}

/// A unique temporary directory, removed at the end of the test.
final class Scratch {
    let path: String
    init() {
        path = FileManager.default.temporaryDirectory.path + "/tracker-cli-" + UUID().uuidString
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(atPath: path) }
    func file(_ name: String) -> String { path + "/" + name }
}

func permissions(_ path: String) -> Int? {
    (try? FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) ?? nil
}
